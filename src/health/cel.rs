//! CEL for Flux's custom health checks (`healthCheckExprs`: `current`, `inProgress`, `failed`
//! evaluated with the object's top-level fields — `apiVersion`, `kind`, `metadata`, `spec`,
//! `status`, … — as variables) and dependency readiness (`dependsOn[].readyExpr` with `self`,
//! the dependent, and `dep`, the dependency). Expressions must evaluate to a bool; errors name
//! the expression.

use serde_json::Value;

use super::Health;
use crate::api::meta::CustomHealthCheck;

/// Errors compiling or evaluating an expression; each names the expression.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The expression does not parse.
    #[error("failed to parse expression {expression:?}: {message}")]
    Parse {
        /// The expression.
        expression: String,
        /// The parser's message.
        message: String,
    },
    /// A variable cannot be bound (its value has no CEL form).
    #[error("expression {expression:?}: binding {name}: {message}")]
    Bind {
        /// The expression.
        expression: String,
        /// The variable.
        name: String,
        /// Why.
        message: String,
    },
    /// Evaluation failed (e.g. a missing field).
    #[error("failed to evaluate expression {expression:?}: {message}")]
    Evaluate {
        /// The expression.
        expression: String,
        /// The evaluator's message.
        message: String,
    },
    /// The result has another type than the caller needs.
    #[error("expression {expression:?} did not evaluate to a {want}: {got}")]
    Type {
        /// The expression.
        expression: String,
        /// The type wanted.
        want: &'static str,
        /// What it evaluated to.
        got: String,
    },
    /// The result cannot be turned into JSON.
    #[error("expression {expression:?}: result is not JSON: {message}")]
    Json {
        /// The expression.
        expression: String,
        /// Why.
        message: String,
    },
    /// A `healthCheckExprs` entry does not compile.
    #[error("healthCheckExprs {api_version}/{kind}: {error}")]
    HealthCheck {
        /// The entry's apiVersion.
        api_version: String,
        /// The entry's kind.
        kind: String,
        /// The expression's error.
        error: Box<Error>,
    },
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// A compiled expression and its source (for messages).
pub struct Expr {
    program: cel::Program,
    source: String,
}

/// Compiles an expression.
pub fn compile(source: &str) -> Result<Expr> {
    let program = cel::Program::compile(source).map_err(|e| Error::Parse {
        expression: source.to_string(),
        message: e.to_string(),
    })?;
    Ok(Expr {
        program,
        source: source.to_string(),
    })
}

impl Expr {
    fn execute(&self, vars: &[(&str, &Value)]) -> Result<cel::Value> {
        let mut ctx = cel::Context::default();
        for (name, v) in vars {
            let value = cel::to_value(v).map_err(|e| Error::Bind {
                expression: self.source.clone(),
                name: name.to_string(),
                message: e.to_string(),
            })?;
            ctx.add_variable_from_value(*name, value);
        }
        self.program.execute(&ctx).map_err(|e| Error::Evaluate {
            expression: self.source.clone(),
            message: e.to_string(),
        })
    }

    fn wrong_type(&self, want: &'static str, got: &cel::Value) -> Error {
        Error::Type {
            expression: self.source.clone(),
            want,
            got: format!("{got:?}"),
        }
    }

    /// Evaluates to a string with `vars` bound (Provider `commitStatusExpr`).
    pub fn eval_string(&self, vars: &[(&str, &Value)]) -> Result<String> {
        match self.execute(vars)? {
            cel::Value::String(s) => Ok(s.to_string()),
            other => Err(self.wrong_type("string", &other)),
        }
    }

    /// Evaluates to any value, as JSON, with `vars` bound (Receiver OIDC `variables`).
    pub fn eval_json(&self, vars: &[(&str, &Value)]) -> Result<Value> {
        let v = self.execute(vars)?;
        v.json().map_err(|e| Error::Json {
            expression: self.source.clone(),
            message: e.to_string(),
        })
    }

    /// Evaluates to a bool with `vars` bound.
    pub fn eval_bool(&self, vars: &[(&str, &Value)]) -> Result<bool> {
        match self.execute(vars)? {
            cel::Value::Bool(b) => Ok(b),
            other => Err(self.wrong_type("bool", &other)),
        }
    }
}

/// The variables of a health expression: every top-level field of the object, with
/// `metadata`, `spec` and `status` present (empty) even when the object lacks them.
fn object_vars(obj: &Value) -> Vec<(String, Value)> {
    let mut vars: Vec<(String, Value)> = obj
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    for k in ["metadata", "spec", "status"] {
        if !vars.iter().any(|(n, _)| n == k) {
            vars.push((k.to_string(), Value::Object(Default::default())));
        }
    }
    vars
}

/// A compiled `healthCheckExprs` entry.
pub struct HealthExpr {
    /// apiVersion it applies to.
    pub api_version: String,
    /// Kind it applies to.
    pub kind: String,
    current: Expr,
    in_progress: Option<Expr>,
    failed: Option<Expr>,
}

impl HealthExpr {
    /// Compiles one entry; errors name the kind and the expression.
    pub fn new(c: &CustomHealthCheck) -> Result<HealthExpr> {
        let ctx = |e: Error| Error::HealthCheck {
            api_version: c.api_version.clone(),
            kind: c.kind.clone(),
            error: Box::new(e),
        };
        let opt = |s: &Option<String>| -> Result<Option<Expr>> {
            s.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(compile)
                .transpose()
                .map_err(ctx)
        };
        Ok(HealthExpr {
            api_version: c.api_version.clone(),
            kind: c.kind.clone(),
            current: compile(&c.current).map_err(ctx)?,
            in_progress: opt(&c.in_progress)?,
            failed: opt(&c.failed)?,
        })
    }

    /// Whether the entry is for this object.
    pub fn matches(&self, obj: &Value) -> bool {
        obj["apiVersion"] == self.api_version.as_str() && obj["kind"] == self.kind.as_str()
    }

    /// The object's health: `inProgress` first, then `failed`, then `current`; an object none
    /// of them selects is still in progress. Evaluation errors count as in progress, with why.
    pub fn assess(&self, obj: &Value) -> Health {
        let owned = object_vars(obj);
        let vars: Vec<(&str, &Value)> = owned.iter().map(|(k, v)| (k.as_str(), v)).collect();
        if let Some(e) = &self.in_progress {
            match e.eval_bool(&vars) {
                Ok(true) => {
                    return Health::InProgress(format!(
                        "custom in-progress expression {:?} is true",
                        e.source
                    ))
                }
                Ok(false) => {}
                Err(err) => return Health::InProgress(err.to_string()),
            }
        }
        if let Some(e) = &self.failed {
            match e.eval_bool(&vars) {
                Ok(true) => {
                    return Health::Failed(format!(
                        "custom failed expression {:?} is true",
                        e.source
                    ))
                }
                Ok(false) => {}
                Err(err) => return Health::InProgress(err.to_string()),
            }
        }
        match self.current.eval_bool(&vars) {
            Ok(true) => Health::Current,
            Ok(false) => Health::InProgress(format!(
                "custom current expression {:?} is false",
                self.current.source
            )),
            Err(err) => Health::InProgress(err.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(current: &str, in_progress: Option<&str>, failed: Option<&str>) -> HealthExpr {
        HealthExpr::new(&CustomHealthCheck {
            api_version: "example.com/v1".into(),
            kind: "Widget".into(),
            current: current.into(),
            in_progress: in_progress.map(Into::into),
            failed: failed.map(Into::into),
        })
        .unwrap()
    }

    #[test]
    fn expressions_decide_current_in_progress_and_failed() {
        let h = check(
            "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')",
            Some("has(status.phase) && status.phase == 'Pending'"),
            Some("status.conditions.exists(e, e.type == 'Ready' && e.status == 'False' && e.reason == 'Broken')"),
        );
        let obj = |phase: &str, status: &str, reason: &str| {
            json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
                "status": {"phase": phase, "conditions": [{"type": "Ready", "status": status, "reason": reason}]}})
        };
        assert_eq!(h.assess(&obj("Running", "True", "Ok")), Health::Current);
        assert!(matches!(
            h.assess(&obj("Pending", "True", "Ok")),
            Health::InProgress(_)
        ));
        assert!(matches!(
            h.assess(&obj("Running", "False", "Broken")),
            Health::Failed(_)
        ));
        assert!(matches!(
            h.assess(&obj("Running", "False", "Wait")),
            Health::InProgress(_)
        ));
        // No status at all: in progress, not an error.
        let bare =
            json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}});
        assert!(matches!(h.assess(&bare), Health::InProgress(_)));
        assert!(h.matches(&bare));
    }

    #[test]
    fn bad_expressions_are_refused_with_the_kind() {
        let err = HealthExpr::new(&CustomHealthCheck {
            api_version: "example.com/v1".into(),
            kind: "Widget".into(),
            current: "status.(".into(),
            ..Default::default()
        })
        .err()
        .unwrap();
        assert!(
            matches!(&err, Error::HealthCheck { kind, error, .. }
                if kind == "Widget" && matches!(**error, Error::Parse { .. })),
            "{err:?}"
        );
        assert!(
            err.to_string()
                .starts_with("healthCheckExprs example.com/v1/Widget: failed to parse"),
            "{err}"
        );
    }

    #[test]
    fn ready_expressions_see_self_and_dep() {
        let e = compile("dep.status.observedGeneration == dep.metadata.generation && self.metadata.name == 'app'").unwrap();
        let me = json!({"metadata": {"name": "app"}});
        let dep = json!({"metadata": {"generation": 2}, "status": {"observedGeneration": 2}});
        assert_eq!(e.eval_bool(&[("self", &me), ("dep", &dep)]), Ok(true));
        let stale = json!({"metadata": {"generation": 3}, "status": {"observedGeneration": 2}});
        assert_eq!(e.eval_bool(&[("self", &me), ("dep", &stale)]), Ok(false));
        assert!(compile("1 + 1").unwrap().eval_bool(&[]).is_err());
    }
}
