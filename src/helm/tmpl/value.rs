//! Go-shaped values as templates see them: the zero `reflect.Value` ([`Value::Invalid`]), a nil
//! `interface{}` ([`Value::Nil`]), Go's distinct number kinds (`int`, `int64`, `int32` runes,
//! `uint8`, `uint64`, `float64`), strings, `[]byte`, and shared mutable lists and maps (Go
//! slices and maps are references: Sprig's `set` and `merge` change the map every other holder
//! sees). Lists and maps carry their Go element type and an optional named type
//! (`common.Values`, `engine.files`, `common.VersionSet`); structs and pointers (`.Capabilities`,
//! semver and time values, certificates) are [`Object`]s with Go field names. Each value knows
//! its Go type name (`%T`, `typeOf`), its reflect kind (`kindOf`) and its truth.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The static element type of a list or map (what a missing key or a nil element is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elem {
    /// `interface {}`.
    Any,
    /// `string`.
    Str,
    /// `int`.
    Int,
    /// `[]uint8`.
    Bytes,
    /// `map[string]interface {}` (TOML's arrays of tables).
    Map,
}

impl Elem {
    /// Go's name of the element type.
    pub fn name(self) -> &'static str {
        match self {
            Elem::Any => "interface {}",
            Elem::Str => "string",
            Elem::Int => "int",
            Elem::Bytes => "[]uint8",
            Elem::Map => "map[string]interface {}",
        }
    }

    /// The zero value of the element type.
    pub fn zero(self) -> Value {
        match self {
            Elem::Any => Value::Nil,
            Elem::Str => Value::str(""),
            Elem::Int => Value::Int(0),
            Elem::Bytes => Value::Bytes(Rc::from(Vec::new())),
            Elem::Map => Value::map(BTreeMap::new()),
        }
    }
}

/// A shared Go slice.
#[derive(Clone, Debug)]
pub struct List {
    /// Element type.
    pub elem: Elem,
    /// Named type (`common.VersionSet`), if any.
    pub named: Option<&'static str>,
    /// The elements, shared by every holder.
    pub items: Rc<RefCell<Vec<Value>>>,
}

/// A shared Go map with string keys (iterated and printed in key order, as Go's fmt and
/// text/template do).
#[derive(Clone, Debug)]
pub struct Map {
    /// Element type.
    pub elem: Elem,
    /// Named type (`common.Values`, `engine.files`), if any.
    pub named: Option<&'static str>,
    /// The entries, shared by every holder.
    pub entries: Rc<RefCell<BTreeMap<String, Value>>>,
    /// For a map whose Go keys are structs (image-automation's `ObjectIdentifier`): the key
    /// value behind each entry's sort key (the key's fields joined by NUL, so entries sort
    /// field by field as Go's `range` sorts struct keys).
    pub keys: Option<Rc<BTreeMap<String, Value>>>,
}

/// A Go struct, or a pointer to one (`.Capabilities`, `*semver.Version`, `time.Time`).
#[derive(Debug)]
pub struct Object {
    /// Go type name as `%T` prints it (`*common.Capabilities`).
    pub type_name: String,
    /// Whether the value is a pointer (printed `&{…}`, kind `ptr`).
    pub pointer: bool,
    /// Exported fields in declaration order.
    pub fields: Vec<(String, Value)>,
    /// What `String()` returns, if the type is a `fmt.Stringer`.
    pub stringer: Option<String>,
    /// What `Error()` returns, if the type is an `error`.
    pub error: Option<String>,
    /// Opaque data the type's methods read (semver parts, a time stamp).
    pub data: ObjectData,
}

/// Data behind an object's methods.
#[derive(Debug, Clone, Default)]
pub enum ObjectData {
    /// Nothing beyond the fields.
    #[default]
    None,
    /// A parsed semantic version.
    Semver(semver::Version),
    /// A time: Unix seconds, nanoseconds and the zone offset in seconds (with its name).
    Time {
        secs: i64,
        nanos: u32,
        offset: i32,
        zone: String,
    },
}

impl Object {
    /// A field by Go name.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// A template value.
#[derive(Clone, Debug, Default)]
pub enum Value {
    /// The zero `reflect.Value` (`<no value>`).
    #[default]
    Invalid,
    /// A nil `interface{}` (a missing map key under missingkey=zero, YAML `null`).
    Nil,
    /// `bool`.
    Bool(bool),
    /// `int`.
    Int(i64),
    /// `int64`.
    Int64(i64),
    /// `int32` (a rune literal).
    Int32(i32),
    /// `uint8`.
    Uint8(u8),
    /// `uint64`.
    Uint64(u64),
    /// `float64`.
    Float(f64),
    /// `complex128`.
    Complex(f64, f64),
    /// `string`.
    Str(Rc<str>),
    /// `[]byte`.
    Bytes(Rc<[u8]>),
    /// A slice.
    List(List),
    /// A map with string keys.
    Map(Map),
    /// A struct or pointer to struct.
    Object(Rc<Object>),
}

impl Value {
    /// A string value.
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::Str(Rc::from(s.as_ref()))
    }

    /// A new `[]interface {}`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(List {
            elem: Elem::Any,
            named: None,
            items: Rc::new(RefCell::new(items)),
        })
    }

    /// A new typed slice.
    pub fn typed_list(elem: Elem, items: Vec<Value>) -> Value {
        Value::List(List {
            elem,
            named: None,
            items: Rc::new(RefCell::new(items)),
        })
    }

    /// A new `map[string]interface {}`.
    pub fn map(entries: BTreeMap<String, Value>) -> Value {
        Value::Map(Map {
            elem: Elem::Any,
            named: None,
            entries: Rc::new(RefCell::new(entries)),
            keys: None,
        })
    }

    /// A new typed map.
    pub fn typed_map(
        elem: Elem,
        named: Option<&'static str>,
        entries: BTreeMap<String, Value>,
    ) -> Value {
        Value::Map(Map {
            elem,
            named,
            entries: Rc::new(RefCell::new(entries)),
            keys: None,
        })
    }

    /// Whether this is a nil interface or the invalid value (Go's `v == nil` for `any`).
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Invalid | Value::Nil)
    }

    /// The string inside, if the value is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Go's type name (`%T`): `float64`, `map[string]interface {}`, `common.Values`, `<nil>`.
    pub fn type_name(&self) -> String {
        match self {
            Value::Invalid | Value::Nil => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Int64(_) => "int64".into(),
            Value::Int32(_) => "int32".into(),
            Value::Uint8(_) => "uint8".into(),
            Value::Uint64(_) => "uint64".into(),
            Value::Float(_) => "float64".into(),
            Value::Complex(..) => "complex128".into(),
            Value::Str(_) => "string".into(),
            Value::Bytes(_) => "[]uint8".into(),
            Value::List(l) => match l.named {
                Some(n) => n.into(),
                None => format!("[]{}", l.elem.name()),
            },
            Value::Map(m) => match m.named {
                Some(n) => n.into(),
                None => format!("map[string]{}", m.elem.name()),
            },
            Value::Object(o) => o.type_name.clone(),
        }
    }

    /// Go's reflect kind name (`kindOf`): `map`, `slice`, `string`, `float64`, `ptr`, `struct`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Invalid | Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Int32(_) => "int32",
            Value::Uint8(_) => "uint8",
            Value::Uint64(_) => "uint64",
            Value::Float(_) => "float64",
            Value::Complex(..) => "complex128",
            Value::Str(_) => "string",
            Value::Bytes(_) | Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => {
                if o.pointer {
                    "ptr"
                } else {
                    "struct"
                }
            }
        }
    }

    /// Go's template truth (`if`, `with`, `and`, `or`, `not`): the zero of its type is false,
    /// structs and non-nil pointers are true.
    pub fn truth(&self) -> bool {
        match self {
            Value::Invalid | Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) | Value::Int64(i) => *i != 0,
            Value::Int32(i) => *i != 0,
            Value::Uint8(i) => *i != 0,
            Value::Uint64(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Complex(r, i) => *r != 0.0 || *i != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.items.borrow().is_empty(),
            Value::Map(m) => !m.entries.borrow().is_empty(),
            Value::Object(_) => true,
        }
    }

    /// The value as a signed integer, for any integer kind.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) | Value::Int64(i) => Some(*i),
            Value::Int32(i) => Some(*i as i64),
            Value::Uint8(i) => Some(*i as i64),
            _ => None,
        }
    }

    /// A deep copy (Go's `copystructure`, as Sprig's `deepCopy` and Helm's value copies do).
    pub fn deep_copy(&self) -> Value {
        match self {
            Value::List(l) => Value::List(List {
                elem: l.elem,
                named: l.named,
                items: Rc::new(RefCell::new(
                    l.items.borrow().iter().map(Value::deep_copy).collect(),
                )),
            }),
            Value::Map(m) => Value::Map(Map {
                elem: m.elem,
                named: m.named,
                entries: Rc::new(RefCell::new(
                    m.entries
                        .borrow()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.deep_copy()))
                        .collect(),
                )),
                keys: m.keys.clone(),
            }),
            v => v.clone(),
        }
    }

    /// `reflect.DeepEqual`: same Go type and equal contents (so `1` ≠ `1.0`, and a nil
    /// interface equals only itself).
    pub fn deep_equal(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Invalid | Value::Nil, Value::Invalid | Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) | (Value::Int64(a), Value::Int64(b)) => a == b,
            (Value::Int32(a), Value::Int32(b)) => a == b,
            (Value::Uint8(a), Value::Uint8(b)) => a == b,
            (Value::Uint64(a), Value::Uint64(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Complex(a, b), Value::Complex(c, d)) => a == c && b == d,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::List(a), Value::List(b)) => {
                if a.elem != b.elem || a.named != b.named {
                    return false;
                }
                let (x, y) = (a.items.borrow(), b.items.borrow());
                x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| p.deep_equal(q))
            }
            (Value::Map(a), Value::Map(b)) => {
                if a.elem != b.elem || a.named != b.named {
                    return false;
                }
                let (x, y) = (a.entries.borrow(), b.entries.borrow());
                x.len() == y.len()
                    && x.iter()
                        .all(|(k, v)| y.get(k).is_some_and(|w| v.deep_equal(w)))
            }
            (Value::Object(a), Value::Object(b)) => {
                Rc::ptr_eq(a, b)
                    || (a.type_name == b.type_name
                        && a.fields.len() == b.fields.len()
                        && a.fields
                            .iter()
                            .zip(b.fields.iter())
                            .all(|((_, p), (_, q))| p.deep_equal(q)))
            }
            _ => false,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(Rc::from(s))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

/// Converts parsed JSON into template values as `json.Unmarshal` into `interface{}` does:
/// every number a float64, objects `map[string]interface {}`, arrays `[]interface {}`.
pub fn from_json(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            Value::map(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

/// Chart values into template values: numbers held as floats are `float64`, integers (from
/// `--set`) `int64`, as in Helm.
pub fn from_values_json(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Number(n) if !n.is_f64() => match n.as_i64() {
            Some(i) => Value::Int64(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_values_json).collect()),
        serde_json::Value::Object(o) => Value::map(
            o.iter()
                .map(|(k, v)| (k.clone(), from_values_json(v)))
                .collect(),
        ),
        other => from_json(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_follow_go() {
        assert_eq!(Value::Float(1.0).type_name(), "float64");
        assert_eq!(Value::list(vec![]).type_name(), "[]interface {}");
        assert_eq!(
            Value::map(BTreeMap::new()).type_name(),
            "map[string]interface {}"
        );
        assert_eq!(
            Value::typed_map(Elem::Any, Some("common.Values"), BTreeMap::new()).type_name(),
            "common.Values"
        );
        assert_eq!(Value::Bytes(Rc::from(vec![1u8])).kind_name(), "slice");
    }

    #[test]
    fn maps_are_shared_between_holders() {
        let a = Value::map(BTreeMap::new());
        let b = a.clone();
        if let Value::Map(m) = &b {
            m.entries.borrow_mut().insert("k".into(), Value::Int(1));
        }
        let Value::Map(m) = &a else { unreachable!() };
        assert!(m.entries.borrow().contains_key("k"));
        assert!(!a.deep_copy().deep_equal(&Value::map(BTreeMap::new())));
    }

    #[test]
    fn deep_equal_tells_int_from_float() {
        assert!(!Value::Int(1).deep_equal(&Value::Float(1.0)));
        assert!(Value::Nil.deep_equal(&Value::Invalid));
    }
}
