//! [`StringMap`]: a small string-to-string map for API fields that usually hold one or two
//! entries (`postBuild.substitute`, a history snapshot's `metadata`).
//!
//! Controllers keep every object of their kind in a watch cache, so a field's in-memory shape
//! is paid once per object: a `BTreeMap` allocates a whole node (room for eleven entries,
//! about 540 bytes) for a single entry, while this keeps exactly its entries, sorted by key,
//! in one boxed slice. On the wire it is the same JSON object as a `BTreeMap<String, String>`
//! (keys in sorted order, a repeated key's last value wins) with the same schema.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Sorted, unique keys with their values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct StringMap(Box<[(String, String)]>);

impl StringMap {
    /// The value of `key`, if any.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &String)> + Clone {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &String> + Clone {
        self.0.iter().map(|(k, _)| k)
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                let mut v = std::mem::take(&mut self.0).into_vec();
                v.insert(i, (key, value));
                self.0 = v.into_boxed_slice();
                None
            }
        }
    }
}

impl FromIterator<(String, String)> for StringMap {
    /// Later entries replace earlier ones with the same key, as in a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        iter.into_iter().collect::<BTreeMap<_, _>>().into()
    }
}

impl<const N: usize> From<[(String, String); N]> for StringMap {
    fn from(entries: [(String, String); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl From<BTreeMap<String, String>> for StringMap {
    fn from(map: BTreeMap<String, String>) -> Self {
        StringMap(map.into_iter().collect())
    }
}

impl std::ops::Index<&str> for StringMap {
    type Output = String;

    /// The value of `key`; panics when there is none, as a `BTreeMap` does.
    fn index(&self, key: &str) -> &String {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no entry for key {key:?}"),
        }
    }
}

impl<'a> IntoIterator for &'a StringMap {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Serialize for StringMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for StringMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<String, String>::deserialize(deserializer).map(Into::into)
    }
}

impl JsonSchema for StringMap {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, String> as JsonSchema>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, String> as JsonSchema>::schema_id()
    }

    fn inline_schema() -> bool {
        <BTreeMap<String, String> as JsonSchema>::inline_schema()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, String> as JsonSchema>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> String {
        v.to_string()
    }

    #[test]
    fn reads_and_writes_the_same_json_as_a_btreemap() {
        let text = r#"{"zone":"eu","app":"web","app":"api"}"#;
        let ours: StringMap = serde_json::from_str(text).unwrap();
        let theirs: BTreeMap<String, String> = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&theirs).unwrap()
        );
        assert_eq!(ours.get("app"), Some(&s("api")));
        assert_eq!(ours.get("missing"), None);
        assert_eq!(ours.keys().collect::<Vec<_>>(), [&s("app"), &s("zone")]);
    }

    #[test]
    fn insert_keeps_keys_sorted_and_replaces_a_value() {
        let mut m = StringMap::from([(s("b"), s("2"))]);
        assert_eq!(m.insert(s("a"), s("1")), None);
        assert_eq!(m.insert(s("c"), s("3")), None);
        assert_eq!(m.insert(s("b"), s("two")), Some(s("2")));
        let pairs: Vec<_> = m.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(pairs, ["a=1", "b=two", "c=3"]);
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn the_schema_is_a_btreemaps() {
        let ours = schemars::schema_for!(StringMap);
        let theirs = schemars::schema_for!(BTreeMap<String, String>);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn one_entry_takes_far_less_than_a_btree_node() {
        // The map itself is a boxed slice: two words, and one allocation of one entry.
        assert_eq!(
            std::mem::size_of::<StringMap>(),
            2 * std::mem::size_of::<usize>()
        );
        let m = StringMap::from([(s("revision"), s("main@sha1:0123"))]);
        assert_eq!(m.0.len(), 1);
    }
}
