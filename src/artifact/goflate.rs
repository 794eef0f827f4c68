//! Go's `compress/gzip` at the default level, bit for bit: the deflate compressor of Go's
//! `compress/flate` (level 6: lazy matching over a 32 KiB window with 17-bit hash chains,
//! blocks of at most 16 Ki tokens, each written as the smallest of stored, fixed-Huffman
//! or dynamic-Huffman with Go's length-limited code construction) and gzip's framing (no
//! name, zero mtime, OS 255). Flux's artifacts are Go-gzipped tarballs and their digests are
//! compared across implementations (`flux diff artifact`, reproducible pushes), so another
//! deflate encoder, however valid, would not do. The output depends on how the input is
//! split into `write` calls (the window slides at a fill), so callers write exactly as Go's
//! `archive/tar` writes: one call per header block, per 32 KiB of file data, per padding.
//! Written from the algorithm's description in Go's sources; no code is shared.

use std::io::Write;

const WINDOW_SIZE: usize = 1 << 15;
const WINDOW_MASK: usize = WINDOW_SIZE - 1;
const BASE_MATCH_LENGTH: usize = 3;
const MIN_MATCH_LENGTH: usize = 4;
const MAX_MATCH_LENGTH: usize = 258;
const BASE_MATCH_OFFSET: usize = 1;
const MAX_FLATE_BLOCK_TOKENS: usize = 1 << 14;
const MAX_STORE_BLOCK_SIZE: usize = 65535;
const HASH_BITS: u32 = 17;
const HASH_SIZE: usize = 1 << HASH_BITS;
const HASH_MASK: u32 = (1 << HASH_BITS) - 1;
const MAX_HASH_OFFSET: i64 = 1 << 24;
const HASH_MUL: u32 = 0x1e35a7bd;

// Level 6.
const GOOD: usize = 8;
const LAZY: usize = 16;
const NICE: usize = 128;
const CHAIN: usize = 128;

const MAX_NUM_LIT: usize = 286;
const OFFSET_CODE_COUNT: usize = 30;
const END_BLOCK_MARKER: u32 = 256;
const LENGTH_CODES_START: usize = 257;
const CODEGEN_CODE_COUNT: usize = 19;
const BAD_CODE: u8 = 255;

const LENGTH_SHIFT: u32 = 22;
const OFFSET_MASK: u32 = (1 << LENGTH_SHIFT) - 1;
const MATCH_TYPE: u32 = 1 << 30;

const LENGTH_EXTRA_BITS: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const LENGTH_BASE: [u32; 29] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128,
    160, 192, 224, 255,
];
const OFFSET_EXTRA_BITS: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
const OFFSET_BASE: [u32; 30] = [
    0x0, 0x1, 0x2, 0x3, 0x4, 0x6, 0x8, 0xc, 0x10, 0x18, 0x20, 0x30, 0x40, 0x60, 0x80, 0xc0, 0x100,
    0x180, 0x200, 0x300, 0x400, 0x600, 0x800, 0xc00, 0x1000, 0x1800, 0x2000, 0x3000, 0x4000,
    0x6000,
];
const CODEGEN_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// The code of a match length (minus 3): the last code whose base is not above it.
fn length_code(len: u32) -> usize {
    LENGTH_BASE.iter().rposition(|&b| b <= len).unwrap_or(0)
}

fn offset_code_small(off: u32) -> u32 {
    OFFSET_BASE.iter().rposition(|&b| b <= off).unwrap_or(0) as u32
}

/// The code of a match offset (minus 1), by Go's three-range lookup.
fn offset_code(off: u32) -> usize {
    (if off < 256 {
        offset_code_small(off)
    } else if off >> 7 < 256 {
        offset_code_small(off >> 7) + 14
    } else {
        offset_code_small(off >> 14) + 28
    }) as usize
}

fn literal_token(lit: u32) -> u32 {
    lit
}

fn match_token(xlength: u32, xoffset: u32) -> u32 {
    MATCH_TYPE + (xlength << LENGTH_SHIFT) + xoffset
}

fn reverse_bits(number: u16, bit_length: u32) -> u16 {
    (number << (16 - bit_length)).reverse_bits()
}

#[derive(Clone, Copy, Default, Debug)]
struct HCode {
    code: u16,
    len: u16,
}

#[derive(Clone, Copy, Debug)]
struct LiteralNode {
    literal: u16,
    freq: i32,
}

#[derive(Clone, Copy, Default)]
struct LevelInfo {
    level: i32,
    last_freq: i32,
    next_char_freq: i32,
    next_pair_freq: i32,
    needed: i32,
}

struct HuffmanEncoder {
    codes: Vec<HCode>,
}

impl HuffmanEncoder {
    fn new(size: usize) -> Self {
        HuffmanEncoder {
            codes: vec![HCode::default(); size],
        }
    }

    fn fixed_literal() -> Self {
        let mut h = Self::new(MAX_NUM_LIT);
        for ch in 0..MAX_NUM_LIT as u16 {
            let (bits, size) = match ch {
                0..=143 => (ch + 48, 8),
                144..=255 => (ch + 400 - 144, 9),
                256..=279 => (ch - 256, 7),
                _ => (ch + 192 - 280, 8),
            };
            h.codes[ch as usize] = HCode {
                code: reverse_bits(bits, size),
                len: size as u16,
            };
        }
        h
    }

    fn fixed_offset() -> Self {
        let mut h = Self::new(OFFSET_CODE_COUNT);
        for (ch, c) in h.codes.iter_mut().enumerate() {
            *c = HCode {
                code: reverse_bits(ch as u16, 5),
                len: 5,
            };
        }
        h
    }

    fn bit_length(&self, freq: &[i32]) -> i64 {
        freq.iter()
            .zip(&self.codes)
            .filter(|(f, _)| **f != 0)
            .map(|(f, c)| *f as i64 * c.len as i64)
            .sum()
    }

    /// The number of literals of each code length (index = length), by the boundary
    /// package-merge variant Go uses.
    fn bit_counts(list: &[LiteralNode], mut max_bits: i32) -> Vec<i32> {
        let n = list.len() as i32;
        let mut list = list.to_vec();
        list.push(LiteralNode {
            literal: u16::MAX,
            freq: i32::MAX,
        });
        if max_bits > n - 1 {
            max_bits = n - 1;
        }
        let mb = max_bits as usize;
        let mut levels = [LevelInfo::default(); 16];
        let mut leaf_counts = [[0i32; 16]; 16];
        for level in 1..=mb {
            levels[level] = LevelInfo {
                level: level as i32,
                last_freq: list[1].freq,
                next_char_freq: list[2].freq,
                next_pair_freq: list[0].freq.wrapping_add(list[1].freq),
                needed: 0,
            };
            leaf_counts[level][level] = 2;
            if level == 1 {
                levels[level].next_pair_freq = i32::MAX;
            }
        }
        levels[mb].needed = 2 * n - 4;
        let mut level = mb;
        loop {
            let l = levels[level];
            if l.next_pair_freq == i32::MAX && l.next_char_freq == i32::MAX {
                levels[level].needed = 0;
                levels[level + 1].next_pair_freq = i32::MAX;
                level += 1;
                continue;
            }
            let prev_freq = l.last_freq;
            if l.next_char_freq < l.next_pair_freq {
                let nn = leaf_counts[level][level] + 1;
                levels[level].last_freq = l.next_char_freq;
                leaf_counts[level][level] = nn;
                levels[level].next_char_freq = list[nn as usize].freq;
            } else {
                levels[level].last_freq = l.next_pair_freq;
                let (lower, upper) = leaf_counts.split_at_mut(level);
                upper[0][..level].copy_from_slice(&lower[level - 1][..level]);
                levels[(l.level - 1) as usize].needed = 2;
            }
            levels[level].needed -= 1;
            if levels[level].needed == 0 {
                if levels[level].level == max_bits {
                    break;
                }
                levels[level + 1].next_pair_freq = prev_freq.wrapping_add(levels[level].last_freq);
                level += 1;
            } else {
                while levels[level - 1].needed > 0 {
                    level -= 1;
                }
            }
        }
        let mut bit_count = vec![0i32; mb + 1];
        let counts = &leaf_counts[mb];
        for (bits, level) in (1..=mb).rev().enumerate() {
            bit_count[bits + 1] = counts[level] - counts[level - 1];
        }
        bit_count
    }

    fn assign(&mut self, bit_count: &[i32], list: &[LiteralNode]) {
        let mut code: u16 = 0;
        let mut list = list;
        for (n, &bits) in bit_count.iter().enumerate() {
            code <<= 1;
            if n == 0 || bits == 0 {
                continue;
            }
            let split = list.len() - bits as usize;
            let mut chunk = list[split..].to_vec();
            chunk.sort_by_key(|c| c.literal);
            for node in chunk {
                self.codes[node.literal as usize] = HCode {
                    code: reverse_bits(code, n as u32),
                    len: n as u16,
                };
                code = code.wrapping_add(1);
            }
            list = &list[..split];
        }
    }

    fn generate(&mut self, freq: &[i32], max_bits: i32) {
        let mut list = Vec::with_capacity(freq.len());
        for (i, &f) in freq.iter().enumerate() {
            if f != 0 {
                list.push(LiteralNode {
                    literal: i as u16,
                    freq: f,
                });
            } else {
                self.codes[i].len = 0;
            }
        }
        if list.len() <= 2 {
            for (i, node) in list.iter().enumerate() {
                self.codes[node.literal as usize] = HCode {
                    code: i as u16,
                    len: 1,
                };
            }
            return;
        }
        list.sort_by(|a, b| a.freq.cmp(&b.freq).then(a.literal.cmp(&b.literal)));
        let bit_count = Self::bit_counts(&list, max_bits);
        self.assign(&bit_count, &list);
    }
}

/// Which literal/offset codes a block uses.
#[derive(Clone, Copy, PartialEq)]
enum Codes {
    Fixed,
    Dynamic,
}

struct BitWriter {
    out: Vec<u8>,
    bits: u64,
    nbits: u32,
    codegen_freq: [i32; CODEGEN_CODE_COUNT],
    literal_freq: Vec<i32>,
    offset_freq: Vec<i32>,
    codegen: Vec<u8>,
    literal_enc: HuffmanEncoder,
    offset_enc: HuffmanEncoder,
    codegen_enc: HuffmanEncoder,
    fixed_literal: HuffmanEncoder,
    fixed_offset: HuffmanEncoder,
}

impl BitWriter {
    fn new() -> Self {
        BitWriter {
            out: Vec::new(),
            bits: 0,
            nbits: 0,
            codegen_freq: [0; CODEGEN_CODE_COUNT],
            literal_freq: vec![0; MAX_NUM_LIT],
            offset_freq: vec![0; OFFSET_CODE_COUNT],
            codegen: vec![0; MAX_NUM_LIT + OFFSET_CODE_COUNT + 1],
            literal_enc: HuffmanEncoder::new(MAX_NUM_LIT),
            offset_enc: HuffmanEncoder::new(OFFSET_CODE_COUNT),
            codegen_enc: HuffmanEncoder::new(CODEGEN_CODE_COUNT),
            fixed_literal: HuffmanEncoder::fixed_literal(),
            fixed_offset: HuffmanEncoder::fixed_offset(),
        }
    }

    fn write_bits(&mut self, b: u32, nb: u32) {
        self.bits |= (b as u64) << self.nbits;
        self.nbits += nb;
        while self.nbits >= 8 {
            self.out.push(self.bits as u8);
            self.bits >>= 8;
            self.nbits -= 8;
        }
    }

    fn write_code(&mut self, c: HCode) {
        self.write_bits(c.code as u32, c.len as u32);
    }

    /// Pads to a byte boundary.
    fn flush(&mut self) {
        if self.nbits > 0 {
            self.out.push(self.bits as u8);
        }
        self.bits = 0;
        self.nbits = 0;
    }

    fn write_bytes(&mut self, bytes: &[u8]) {
        debug_assert_eq!(self.nbits, 0);
        self.out.extend_from_slice(bytes);
    }

    fn generate_codegen(&mut self, num_literals: usize, num_offsets: usize) {
        self.codegen_freq = [0; CODEGEN_CODE_COUNT];
        for i in 0..num_literals {
            self.codegen[i] = self.literal_enc.codes[i].len as u8;
        }
        for i in 0..num_offsets {
            self.codegen[num_literals + i] = self.offset_enc.codes[i].len as u8;
        }
        let codegen = &mut self.codegen;
        let freq = &mut self.codegen_freq;
        codegen[num_literals + num_offsets] = BAD_CODE;
        let mut size = codegen[0];
        let mut count: i32 = 1;
        let mut out = 0usize;
        let mut input = 1usize;
        while size != BAD_CODE {
            let next = codegen[input];
            input += 1;
            if next == size {
                count += 1;
                continue;
            }
            if size != 0 {
                codegen[out] = size;
                out += 1;
                freq[size as usize] += 1;
                count -= 1;
                while count >= 3 {
                    let n = count.min(6);
                    codegen[out] = 16;
                    codegen[out + 1] = (n - 3) as u8;
                    out += 2;
                    freq[16] += 1;
                    count -= n;
                }
            } else {
                while count >= 11 {
                    let n = count.min(138);
                    codegen[out] = 18;
                    codegen[out + 1] = (n - 11) as u8;
                    out += 2;
                    freq[18] += 1;
                    count -= n;
                }
                if count >= 3 {
                    codegen[out] = 17;
                    codegen[out + 1] = (count - 3) as u8;
                    out += 2;
                    freq[17] += 1;
                    count = 0;
                }
            }
            count -= 1;
            while count >= 0 {
                codegen[out] = size;
                out += 1;
                freq[size as usize] += 1;
                count -= 1;
            }
            size = next;
            count = 1;
        }
        codegen[out] = BAD_CODE;
    }

    fn dynamic_size(&self, lit: &HuffmanEncoder, off: &HuffmanEncoder, extra: i64) -> (i64, usize) {
        let mut num_codegens = CODEGEN_CODE_COUNT;
        while num_codegens > 4 && self.codegen_freq[CODEGEN_ORDER[num_codegens - 1]] == 0 {
            num_codegens -= 1;
        }
        let header = 3
            + 5
            + 5
            + 4
            + 3 * num_codegens as i64
            + self.codegen_enc.bit_length(&self.codegen_freq)
            + self.codegen_freq[16] as i64 * 2
            + self.codegen_freq[17] as i64 * 3
            + self.codegen_freq[18] as i64 * 7;
        let size =
            header + lit.bit_length(&self.literal_freq) + off.bit_length(&self.offset_freq) + extra;
        (size, num_codegens)
    }

    fn fixed_size(&self, extra: i64) -> i64 {
        3 + self.fixed_literal.bit_length(&self.literal_freq)
            + self.fixed_offset.bit_length(&self.offset_freq)
            + extra
    }

    fn write_stored_header(&mut self, length: usize, eof: bool) {
        self.write_bits(eof as u32, 3);
        self.flush();
        self.write_bits(length as u32, 16);
        self.write_bits(!(length as u16) as u32, 16);
    }

    fn write_dynamic_header(
        &mut self,
        num_literals: usize,
        num_offsets: usize,
        num_codegens: usize,
        eof: bool,
    ) {
        self.write_bits(if eof { 5 } else { 4 }, 3);
        self.write_bits((num_literals - 257) as u32, 5);
        self.write_bits((num_offsets - 1) as u32, 5);
        self.write_bits((num_codegens - 4) as u32, 4);
        for &o in CODEGEN_ORDER.iter().take(num_codegens) {
            let v = self.codegen_enc.codes[o].len as u32;
            self.write_bits(v, 3);
        }
        let mut i = 0;
        loop {
            let word = self.codegen[i];
            i += 1;
            if word == BAD_CODE {
                break;
            }
            let c = self.codegen_enc.codes[word as usize];
            self.write_code(c);
            let extra = match word {
                16 => 2,
                17 => 3,
                18 => 7,
                _ => 0,
            };
            if extra > 0 {
                let v = self.codegen[i] as u32;
                self.write_bits(v, extra);
                i += 1;
            }
        }
    }

    fn index_tokens(&mut self, tokens: &[u32]) -> (usize, usize) {
        self.literal_freq.iter_mut().for_each(|f| *f = 0);
        self.offset_freq.iter_mut().for_each(|f| *f = 0);
        for &t in tokens {
            if t < MATCH_TYPE {
                self.literal_freq[t as usize] += 1;
                continue;
            }
            let length = (t - MATCH_TYPE) >> LENGTH_SHIFT;
            let offset = t & OFFSET_MASK;
            self.literal_freq[LENGTH_CODES_START + length_code(length)] += 1;
            self.offset_freq[offset_code(offset)] += 1;
        }
        let mut num_literals = self.literal_freq.len();
        while self.literal_freq[num_literals - 1] == 0 {
            num_literals -= 1;
        }
        let mut num_offsets = self.offset_freq.len();
        while num_offsets > 0 && self.offset_freq[num_offsets - 1] == 0 {
            num_offsets -= 1;
        }
        if num_offsets == 0 {
            self.offset_freq[0] = 1;
            num_offsets = 1;
        }
        self.literal_enc.generate(&self.literal_freq, 15);
        self.offset_enc.generate(&self.offset_freq, 15);
        (num_literals, num_offsets)
    }

    fn write_tokens(&mut self, tokens: &[u32], codes: Codes) {
        for &t in tokens {
            let (lit, off) = match codes {
                Codes::Fixed => (&self.fixed_literal, &self.fixed_offset),
                Codes::Dynamic => (&self.literal_enc, &self.offset_enc),
            };
            if t < MATCH_TYPE {
                let c = lit.codes[t as usize];
                self.write_code(c);
                continue;
            }
            let length = (t - MATCH_TYPE) >> LENGTH_SHIFT;
            let lc = length_code(length);
            let lcode = lit.codes[lc + LENGTH_CODES_START];
            let offset = t & OFFSET_MASK;
            let oc = offset_code(offset);
            let ocode = off.codes[oc];
            self.write_code(lcode);
            let extra = LENGTH_EXTRA_BITS[lc] as u32;
            if extra > 0 {
                self.write_bits(length - LENGTH_BASE[lc], extra);
            }
            self.write_code(ocode);
            let extra = OFFSET_EXTRA_BITS[oc] as u32;
            if extra > 0 {
                self.write_bits(offset - OFFSET_BASE[oc], extra);
            }
        }
    }

    /// A block of `tokens` (the end marker added), stored when `input` is given and that is
    /// smallest.
    fn write_block(&mut self, tokens: &[u32], eof: bool, input: Option<&[u8]>) {
        let mut tokens = tokens.to_vec();
        tokens.push(END_BLOCK_MARKER);
        let (num_literals, num_offsets) = self.index_tokens(&tokens);
        let stored = input.filter(|i| i.len() <= MAX_STORE_BLOCK_SIZE);
        let mut extra: i64 = 0;
        if stored.is_some() {
            for lc in LENGTH_CODES_START + 8..num_literals {
                extra += self.literal_freq[lc] as i64
                    * LENGTH_EXTRA_BITS[lc - LENGTH_CODES_START] as i64;
            }
            for (f, bits) in self.offset_freq[..num_offsets]
                .iter()
                .zip(OFFSET_EXTRA_BITS)
                .skip(4)
            {
                extra += *f as i64 * bits as i64;
            }
        }
        let mut codes = Codes::Fixed;
        let mut size = self.fixed_size(extra);
        self.generate_codegen(num_literals, num_offsets);
        let freq = self.codegen_freq;
        self.codegen_enc.generate(&freq, 7);
        let (dynamic, num_codegens) = self.dynamic_size(&self.literal_enc, &self.offset_enc, extra);
        if dynamic < size {
            size = dynamic;
            codes = Codes::Dynamic;
        }
        if let Some(input) = stored {
            if (((input.len() + 5) * 8) as i64) < size {
                self.write_stored_header(input.len(), eof);
                self.write_bytes(input);
                return;
            }
        }
        match codes {
            Codes::Fixed => self.write_bits(if eof { 3 } else { 2 }, 3),
            Codes::Dynamic => {
                self.write_dynamic_header(num_literals, num_offsets, num_codegens, eof)
            }
        }
        self.write_tokens(&tokens, codes);
    }
}

fn hash4(b: &[u8]) -> u32 {
    let v = (b[3] as u32) | (b[2] as u32) << 8 | (b[1] as u32) << 16 | (b[0] as u32) << 24;
    v.wrapping_mul(HASH_MUL) >> (32 - HASH_BITS)
}

/// Go's level-6 deflate compressor; the compressed bytes collect in memory.
struct Compressor {
    w: BitWriter,
    window: Vec<u8>,
    index: usize,
    window_end: usize,
    block_start: i64,
    byte_available: bool,
    sync: bool,
    tokens: Vec<u32>,
    length: usize,
    offset: usize,
    max_insert_index: i64,
    chain_head: i64,
    hash_head: Vec<u32>,
    hash_prev: Vec<u32>,
    hash_offset: i64,
}

impl Compressor {
    fn new() -> Self {
        Compressor {
            w: BitWriter::new(),
            window: vec![0; 2 * WINDOW_SIZE],
            index: 0,
            window_end: 0,
            block_start: 0,
            byte_available: false,
            sync: false,
            tokens: Vec::with_capacity(MAX_FLATE_BLOCK_TOKENS + 1),
            length: MIN_MATCH_LENGTH - 1,
            offset: 0,
            max_insert_index: 0,
            chain_head: -1,
            hash_head: vec![0; HASH_SIZE],
            hash_prev: vec![0; WINDOW_SIZE],
            hash_offset: 1,
        }
    }

    fn fill(&mut self, b: &[u8]) -> usize {
        if self.index >= 2 * WINDOW_SIZE - (MIN_MATCH_LENGTH + MAX_MATCH_LENGTH) {
            self.window.copy_within(WINDOW_SIZE..2 * WINDOW_SIZE, 0);
            self.index -= WINDOW_SIZE;
            self.window_end -= WINDOW_SIZE;
            if self.block_start >= WINDOW_SIZE as i64 {
                self.block_start -= WINDOW_SIZE as i64;
            } else {
                self.block_start = i32::MAX as i64;
            }
            self.hash_offset += WINDOW_SIZE as i64;
            if self.hash_offset > MAX_HASH_OFFSET {
                let delta = self.hash_offset - 1;
                self.hash_offset -= delta;
                self.chain_head -= delta;
                for v in self.hash_prev.iter_mut().chain(self.hash_head.iter_mut()) {
                    *v = if (*v as i64) > delta {
                        (*v as i64 - delta) as u32
                    } else {
                        0
                    };
                }
            }
        }
        let n = b.len().min(self.window.len() - self.window_end);
        self.window[self.window_end..self.window_end + n].copy_from_slice(&b[..n]);
        self.window_end += n;
        n
    }

    fn write_block(&mut self, index: usize) {
        if index > 0 {
            let input = if self.block_start <= index as i64 {
                Some(&self.window[self.block_start as usize..index])
            } else {
                None
            };
            self.block_start = index as i64;
            self.w.write_block(&self.tokens, false, input);
        }
    }

    fn find_match(
        &self,
        pos: usize,
        prev_head: i64,
        prev_length: usize,
        lookahead: usize,
    ) -> Option<(usize, usize)> {
        let min_match_look = lookahead.min(MAX_MATCH_LENGTH);
        let win = &self.window[..pos + min_match_look];
        let nice = (win.len() - pos).min(NICE);
        let mut tries = CHAIN;
        let mut length = prev_length;
        if length >= GOOD {
            tries >>= 2;
        }
        let mut w_end = win[pos + length];
        let w_pos = &win[pos..];
        let min_index = pos as i64 - WINDOW_SIZE as i64;
        let mut found = None;
        let mut i = prev_head;
        while tries > 0 {
            let iu = i as usize;
            if w_end == win[iu + length] {
                let n = win[iu..iu + min_match_look]
                    .iter()
                    .zip(&w_pos[..min_match_look])
                    .take_while(|(a, b)| a == b)
                    .count();
                if n > length && (n > MIN_MATCH_LENGTH || pos - iu <= 4096) {
                    length = n;
                    found = Some((n, pos - iu));
                    if n >= nice {
                        break;
                    }
                    w_end = win[pos + n];
                }
            }
            if i == min_index {
                break;
            }
            i = self.hash_prev[iu & WINDOW_MASK] as i64 - self.hash_offset;
            if i < min_index || i < 0 {
                break;
            }
            tries -= 1;
        }
        found
    }

    fn insert_hash(&mut self, index: usize) {
        let h = (hash4(&self.window[index..index + MIN_MATCH_LENGTH]) & HASH_MASK) as usize;
        self.hash_prev[index & WINDOW_MASK] = self.hash_head[h];
        self.hash_head[h] = (index as i64 + self.hash_offset) as u32;
    }

    fn push_token(&mut self, t: u32, block_end: usize) {
        self.tokens.push(t);
        if self.tokens.len() == MAX_FLATE_BLOCK_TOKENS {
            self.write_block(block_end);
            self.tokens.clear();
        }
    }

    fn deflate(&mut self) {
        if self.window_end - self.index < MIN_MATCH_LENGTH + MAX_MATCH_LENGTH && !self.sync {
            return;
        }
        self.max_insert_index = self.window_end as i64 - (MIN_MATCH_LENGTH as i64 - 1);
        loop {
            let lookahead = self.window_end - self.index;
            if lookahead < MIN_MATCH_LENGTH + MAX_MATCH_LENGTH {
                if !self.sync {
                    break;
                }
                if lookahead == 0 {
                    if self.byte_available {
                        let lit = self.window[self.index - 1] as u32;
                        self.tokens.push(literal_token(lit));
                        self.byte_available = false;
                    }
                    if !self.tokens.is_empty() {
                        self.write_block(self.index);
                        self.tokens.clear();
                    }
                    break;
                }
            }
            if (self.index as i64) < self.max_insert_index {
                let h = (hash4(&self.window[self.index..self.index + MIN_MATCH_LENGTH]) & HASH_MASK)
                    as usize;
                self.chain_head = self.hash_head[h] as i64;
                self.hash_prev[self.index & WINDOW_MASK] = self.chain_head as u32;
                self.hash_head[h] = (self.index as i64 + self.hash_offset) as u32;
            }
            let prev_length = self.length;
            let prev_offset = self.offset;
            self.length = MIN_MATCH_LENGTH - 1;
            self.offset = 0;
            let min_index = (self.index as i64 - WINDOW_SIZE as i64).max(0);
            if self.chain_head - self.hash_offset >= min_index
                && lookahead > prev_length
                && prev_length < LAZY
            {
                if let Some((l, o)) = self.find_match(
                    self.index,
                    self.chain_head - self.hash_offset,
                    MIN_MATCH_LENGTH - 1,
                    lookahead,
                ) {
                    self.length = l;
                    self.offset = o;
                }
            }
            if prev_length >= MIN_MATCH_LENGTH && self.length <= prev_length {
                self.tokens.push(match_token(
                    (prev_length - BASE_MATCH_LENGTH) as u32,
                    (prev_offset - BASE_MATCH_OFFSET) as u32,
                ));
                let new_index = self.index + prev_length - 1;
                let mut index = self.index + 1;
                while index < new_index {
                    if (index as i64) < self.max_insert_index {
                        self.insert_hash(index);
                    }
                    index += 1;
                }
                self.index = index;
                self.byte_available = false;
                self.length = MIN_MATCH_LENGTH - 1;
                if self.tokens.len() == MAX_FLATE_BLOCK_TOKENS {
                    self.write_block(self.index);
                    self.tokens.clear();
                }
            } else {
                if self.byte_available {
                    let i = self.index - 1;
                    let lit = self.window[i] as u32;
                    self.push_token(literal_token(lit), i + 1);
                }
                self.index += 1;
                self.byte_available = true;
            }
        }
    }

    fn write(&mut self, mut b: &[u8]) {
        while !b.is_empty() {
            self.deflate();
            let n = self.fill(b);
            b = &b[n..];
        }
    }

    fn close(&mut self) {
        self.sync = true;
        self.deflate();
        self.w.write_stored_header(0, true);
        self.w.flush();
    }
}

/// A gzip stream as Go's `gzip.NewWriter` (default level) writes it, into `W` (bytes go out
/// as each block completes). Each `write` call is one Go `Write`.
pub struct GoGzipWriter<W: Write = Vec<u8>> {
    compressor: Box<Compressor>,
    crc: crc32fast::Hasher,
    size: u32,
    inner: W,
    header_written: bool,
    extra: Option<Vec<u8>>,
    comment: Option<String>,
}

impl Default for GoGzipWriter<Vec<u8>> {
    fn default() -> Self {
        Self::new()
    }
}

impl GoGzipWriter<Vec<u8>> {
    /// A stream collected in memory.
    pub fn new() -> Self {
        Self::to_writer(Vec::new())
    }
}

impl<W: Write> GoGzipWriter<W> {
    /// A stream written to `inner`.
    pub fn to_writer(inner: W) -> Self {
        GoGzipWriter {
            compressor: Box::new(Compressor::new()),
            crc: crc32fast::Hasher::new(),
            size: 0,
            inner,
            header_written: false,
            extra: None,
            comment: None,
        }
    }

    /// Sets the header's `Extra` and `Comment` fields (Go's `gzip.Writer.Header`), as Helm
    /// sets them on packaged charts.
    pub fn with_header(mut self, extra: &[u8], comment: &str) -> Self {
        self.extra = Some(extra.to_vec());
        self.comment = Some(comment.to_string());
        self
    }

    fn drain(&mut self) -> std::io::Result<()> {
        if !self.header_written {
            let mut flags = 0u8;
            if self.extra.is_some() {
                flags |= 4;
            }
            if self.comment.is_some() {
                flags |= 16;
            }
            self.inner
                .write_all(&[0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 255])?;
            if let Some(extra) = &self.extra {
                self.inner.write_all(&(extra.len() as u16).to_le_bytes())?;
                self.inner.write_all(extra)?;
            }
            if let Some(comment) = &self.comment {
                // Go writes the comment as Latin-1 followed by a NUL.
                let latin1: Vec<u8> = comment.chars().map(|c| c as u32 as u8).collect();
                self.inner.write_all(&latin1)?;
                self.inner.write_all(&[0])?;
            }
            self.header_written = true;
        }
        let out = &mut self.compressor.w.out;
        if !out.is_empty() {
            self.inner.write_all(out)?;
            out.clear();
        }
        Ok(())
    }

    /// Ends the stream (trailer: CRC-32 and size) and returns the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.compressor.close();
        self.drain()?;
        self.inner
            .write_all(&self.crc.clone().finalize().to_le_bytes())?;
        self.inner.write_all(&self.size.to_le_bytes())?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for GoGzipWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.size = self.size.wrapping_add(buf.len() as u32);
        self.crc.update(buf);
        self.compressor.write(buf);
        self.drain()?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Go's `gzip` of `data` written in one call.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut w = GoGzipWriter::new();
    let _ = w.write(data);
    w.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn roundtrip(data: &[u8]) {
        let gz = gzip(data);
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, data);
    }

    #[test]
    fn streams_decode_to_their_input() {
        roundtrip(b"");
        roundtrip(b"a");
        roundtrip(b"hello hello hello hello hello");
        let mut x: u32 = 1;
        let noise: Vec<u8> = (0..200_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x % 7) as u8 + b'a'
            })
            .collect();
        roundtrip(&noise);
        let random: Vec<u8> = (0..100_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        roundtrip(&random);
        roundtrip(&vec![0u8; 300_000]);
    }

    #[test]
    fn code_tables_match_rfc_1951() {
        assert_eq!(length_code(0), 0);
        assert_eq!(length_code(8), 8);
        assert_eq!(length_code(9), 8);
        assert_eq!(length_code(254), 27);
        assert_eq!(length_code(255), 28);
        assert_eq!(offset_code(0), 0);
        assert_eq!(offset_code(5), 4);
        assert_eq!(offset_code(255), 15);
        assert_eq!(offset_code(256), 16);
        assert_eq!(offset_code(32767), 29);
    }

    #[test]
    fn empty_stream_is_gos_bytes() {
        // gzip.NewWriter(&b).Close() in Go 1.26.
        assert_eq!(
            gzip(b""),
            [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 1, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0]
        );
    }
}
