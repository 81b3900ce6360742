//! The two shapes every callback body is made of, generated once: objects with named fields
//! (plus the unmodelled ones, kept), and string enums that keep unknown values.

/// Defines a body object: the struct, its lenient `Deserialize` and its `Serialize` under
/// Tencent's field names.
///
/// Each field is `name: Type = "WireName"`, or `name: Type = "WireName" | "Alias" | …` for a
/// field Tencent spells several ways (read under any spelling, written under the first; two
/// spellings in one body are a duplicate key). A field whose type is an `Option` may be
/// absent; any other is required. Unknown keys go to `extra`; a key given twice is an error.
macro_rules! wire_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $ty:ty = $wire:literal $(| $alias:literal)*,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[doc = concat!("\n\nWire name: `", $wire, "`", $(" (also read as `", $alias, "`)",)* ".")]
                pub $field: $ty,
            )*
            /// Fields Tencent sent that this crate does not model, kept as received.
            pub extra: $crate::protocol::event::ExtraFields,
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a JSON object")
                    }

                    $crate::protocol::event::lenient::refuse_scalars_quietly!();

                    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<$name, A::Error> {
                        Err(serde::de::Error::invalid_type(serde::de::Unexpected::Seq, &self))
                    }

                    #[allow(unused_mut)]
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        use $crate::protocol::event::lenient::{Field, Key};
                        use serde::de::Error;
                        $( let mut $field: Option<$ty> = None; )*
                        let mut extra = $crate::protocol::event::ExtraFields::default();
                        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                            match &*key {
                                $(
                                    $wire $(| $alias)* => {
                                        if $field.is_some() {
                                            return Err(A::Error::duplicate_field($wire));
                                        }
                                        let wire = map.next_value::<<$ty as Field>::Wire>()?;
                                        $field = Some(<$ty as Field>::from_wire(wire));
                                    }
                                )*
                                _ => {
                                    let raw = map.next_value()?;
                                    extra.insert_new(key.into_owned(), raw).map_err(A::Error::custom)?;
                                }
                            }
                        }
                        Ok($name {
                            $(
                                $field: match $field.or_else(<$ty as Field>::when_absent) {
                                    Some(value) => value,
                                    None => return Err(A::Error::missing_field($wire)),
                                },
                            )*
                            extra,
                        })
                    }
                }
                deserializer.deserialize_any(ObjectVisitor)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use $crate::protocol::event::lenient::Field;
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if !Field::is_absent(&self.$field) {
                        map.serialize_entry($wire, &self.$field)?;
                    }
                )*
                for (name, raw) in self.extra.iter() {
                    map.serialize_entry(name, &$crate::protocol::event::compact::Compact(raw))?;
                }
                map.end()
            }
        }

        impl $crate::protocol::event::lenient::Field for $name {
            type Wire = $name;

            fn from_wire(wire: $name) -> $name {
                wire
            }
        }
    };
}
pub(crate) use wire_object;

/// Defines a string enum whose unknown values are kept in an `Other(String)` variant.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $wire:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                #[doc = concat!("\n\nWire value: `", $wire, "`.")]
                $variant,
            )*
            /// A value no Tencent table lists, exactly as received.
            Other(String),
        }

        impl $name {
            /// Reads a wire value; unknown values become `Other`.
            pub fn from_wire(value: &str) -> $name {
                match value {
                    $( $wire => $name::$variant, )*
                    other => $name::Other(other.to_owned()),
                }
            }

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Other(value) => value,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct EnumVisitor;
                impl serde::de::Visitor<'_> for EnumVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a string")
                    }

                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from_wire(value))
                    }

                    $crate::protocol::event::lenient::refuse_scalars_quietly!(
                        visit_bool(bool) => "boolean",
                        visit_i64(i64) => "integer",
                        visit_u64(u64) => "integer",
                        visit_f64(f64) => "number",
                    );
                }
                deserializer.deserialize_any(EnumVisitor)
            }
        }

        impl $crate::protocol::event::lenient::Field for $name {
            type Wire = $name;

            fn from_wire(wire: $name) -> $name {
                wire
            }
        }
    };
}
pub(crate) use wire_enum;
