//! Reading the API's JSON (already parsed by the browser) into Rust values.
//!
//! serde's derived deserialisers and serde-wasm-bindgen's deserializer bring
//! visitors, error messages and float formatting into the bundle — about a
//! tenth of the wasm. The widget reads a handful of shapes, so it reads them
//! by hand through `Reflect`: missing or mistyped fields become defaults
//! (`""`, `0`, `false`, `None`), as a lenient client should treat a newer or
//! older server.

use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A value readable from parsed JSON.
pub trait FromJs: Sized {
    /// Reads the value; `None` when the JSON is not an object of this shape.
    fn from_js(value: &JsValue) -> Option<Self>;
}

/// A value written as a plain JS object (then `JSON.stringify`-ed by the
/// browser): the request bodies and what is kept in local storage. Written by
/// hand for the same reason as [`FromJs`]: serde's serialiser costs bytes.
pub trait ToJs {
    /// The value as a JS object.
    fn to_js(&self) -> JsValue;
}

/// An empty body (requests without one).
impl ToJs for () {
    fn to_js(&self) -> JsValue {
        JsValue::NULL
    }
}

/// Builds a JS object field by field; `None` fields are left out.
#[derive(Debug)]
pub struct ObjBuilder(js_sys::Object);

impl ObjBuilder {
    /// An empty object.
    pub fn new() -> Self {
        ObjBuilder(js_sys::Object::new())
    }

    /// Sets `key` to `value`.
    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        let _ = Reflect::set(&self.0, &key.into(), &value.into());
        self
    }

    /// Sets `key` when `value` is present.
    pub fn opt(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.set(key, value),
            None => self,
        }
    }

    /// The object.
    pub fn build(self) -> JsValue {
        self.0.into()
    }
}

impl Default for ObjBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// A parsed JSON object whose fields are read leniently.
#[derive(Debug, Clone, Copy)]
pub struct Obj<'a>(pub &'a JsValue);

impl<'a> Obj<'a> {
    /// The object, if `value` is one.
    pub fn of(value: &'a JsValue) -> Option<Self> {
        value.is_object().then_some(Obj(value))
    }

    /// A field's raw value (`undefined` when missing).
    pub fn get(&self, key: &str) -> JsValue {
        Reflect::get(self.0, &key.into()).unwrap_or(JsValue::UNDEFINED)
    }

    /// A string field, if present.
    pub fn opt_str(&self, key: &str) -> Option<String> {
        self.get(key).as_string()
    }

    /// A string field, empty when missing.
    pub fn str(&self, key: &str) -> String {
        self.opt_str(key).unwrap_or_default()
    }

    /// A number field, if present and finite.
    pub fn opt_num(&self, key: &str) -> Option<f64> {
        self.get(key).as_f64().filter(|n| n.is_finite())
    }

    /// A number field, 0 when missing.
    pub fn num(&self, key: &str) -> f64 {
        self.opt_num(key).unwrap_or(0.0)
    }

    /// A boolean field, false when missing.
    pub fn bool(&self, key: &str) -> bool {
        self.get(key).as_bool().unwrap_or(false)
    }

    /// An array field's elements, empty when missing.
    pub fn array(&self, key: &str) -> Vec<JsValue> {
        let value = self.get(key);
        if Array::is_array(&value) {
            Array::from(&value).iter().collect()
        } else {
            Vec::new()
        }
    }

    /// An array of strings.
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.array(key)
            .iter()
            .filter_map(JsValue::as_string)
            .collect()
    }

    /// An array of values of one shape (unreadable elements are skipped).
    pub fn list<T: FromJs>(&self, key: &str) -> Vec<T> {
        self.array(key).iter().filter_map(T::from_js).collect()
    }
}

/// A function the loader (`candor.js`) hands to the widget that fetches a
/// module on demand and resolves to what it exports: the live checker's
/// detector, the merchant's moderation panel. The loader caches the import,
/// so every widget on the page shares one download.
#[derive(Debug, Clone)]
pub struct Loader(Rc<Function>);

impl PartialEq for Loader {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl Loader {
    /// The loader, if `value` is a function.
    pub fn from_js(value: JsValue) -> Option<Self> {
        value
            .dyn_into::<Function>()
            .ok()
            .map(|f| Loader(Rc::new(f)))
    }

    /// Calls the function with `arg` and waits for its promise; `Err` when it
    /// throws or the promise rejects (the module could not be fetched).
    pub async fn run(&self, arg: &JsValue) -> Result<JsValue, JsValue> {
        let promise = self.0.call1(&JsValue::NULL, arg)?;
        JsFuture::from(Promise::resolve(&promise)).await
    }
}
