//! planwright in the reader's browser. The guide site's "Make my plan"
//! page loads this module (built to WebAssembly, `dist/`) with the
//! program's data that `planwright build` wrote beside it, and asks it for
//! a plan, its PDF and its calendar: the same engine and the same writers
//! as `planwright plan`, so the same answers give the same bytes.
//!
//! It holds no logic of its own beyond reading the form ([`answers`]):
//! it must not compute, word or lay out anything the other crates do, and
//! like them it reads no clock (the page gives the start date) and makes
//! no request.

pub mod answers;

use wasm_bindgen::prelude::*;

use planwright_core::model::{Paper, Program, Slug};
use planwright_core::plan::Plan;
use planwright_core::progression;
use planwright_writers::pdf::{self, Fonts, Logo, Picture, Pictures};
use planwright_writers::text::StartChoice;
use planwright_writers::{ics, json, text, World};

use answers::{Answers, FieldError};

/// The repository's `fonts/`, the same files the command line embeds.
/// They go in as they are: the site deflates the whole module once.
const FONTS: [&[u8]; 2] = [
    include_bytes!("../../../fonts/DejaVuSans.ttf"),
    include_bytes!("../../../fonts/DejaVuSans-Bold.ttf"),
];

/// One program, ready to plan for any answers.
#[wasm_bindgen]
pub struct Planner {
    program: Program,
    fonts: Fonts,
    logo: Option<Logo>,
    pictures: Pictures,
}

/// The errors of a form as the page reads them: `{"errors": [...]}`.
fn errors_json(errors: &[FieldError]) -> String {
    serde_json::json!({ "errors": errors }).to_string()
}

impl Planner {
    /// Reads the program's data (the JSON `planwright build` writes).
    pub fn from_data(program_json: &str) -> Result<Planner, String> {
        let program: Program = serde_json::from_str(program_json)
            .map_err(|e| format!("the program's data does not read: {e}"))?;
        let fonts = Fonts::new(FONTS[0], FONTS[1]).map_err(|e| e.to_string())?;
        Ok(Planner {
            program,
            fonts,
            logo: None,
            pictures: Pictures::new(),
        })
    }

    /// The plan for `answers`, or the fields to fix.
    pub fn compute(&self, answers: &str) -> Result<Plan, Vec<FieldError>> {
        let answers: Answers = serde_json::from_str(answers).map_err(|e| {
            vec![FieldError {
                field: "form".to_string(),
                message: format!("the form's answers do not read: {e}"),
                hint: None,
            }]
        })?;
        let asked = answers.request()?;
        progression::plan(&self.program, &asked.request).map_err(|e| vec![asked.refusal(&e)])
    }

    /// The PDF `planwright plan --format pdf` prints for the same answers.
    pub fn print(&self, answers: &str, paper: &str) -> Result<Vec<u8>, String> {
        let plan = self.compute(answers).map_err(|e| errors_json(&e))?;
        let paper = match paper {
            "a4" => Paper::A4,
            "letter" => Paper::Letter,
            _ => self.program.config.paper,
        };
        let world = World {
            fonts: &self.fonts,
            created: None,
            logo: self.logo.as_ref(),
            pictures: Some(&self.pictures),
        };
        pdf::render(&plan, &self.program, paper, &world).map_err(|e| {
            errors_json(&[FieldError {
                field: "form".to_string(),
                message: format!("cannot print the plan: {e}"),
                hint: None,
            }])
        })
    }
}

#[wasm_bindgen]
impl Planner {
    /// Reads the program's data; throws the reason when it is unusable.
    #[wasm_bindgen(constructor)]
    pub fn new(program_json: &str) -> Result<Planner, JsError> {
        Planner::from_data(program_json).map_err(|e| JsError::new(&e))
    }

    /// The clinic's logo (`clinic.logo`), as the file's bytes.
    pub fn set_logo(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.logo = Some(Logo::from_png(bytes).map_err(|e| JsError::new(&e.to_string()))?);
        Ok(())
    }

    /// An exercise's picture (`media.image`), as the file's bytes.
    pub fn add_picture(&mut self, exercise: &str, bytes: &[u8]) -> Result<(), JsError> {
        let id = Slug::parse(exercise).map_err(|e| JsError::new(&e))?;
        let name = self
            .program
            .exercise(&id)
            .and_then(|e| e.media.as_ref()?.image.clone())
            .ok_or_else(|| JsError::new(&format!("exercise `{id}` has no picture")))?;
        let picture =
            Picture::from_bytes(&name, bytes).map_err(|e| JsError::new(&e.to_string()))?;
        self.pictures.insert(id, picture);
        Ok(())
    }

    /// The form's stages, exercises and their dose variables, as JSON.
    pub fn form(&self) -> String {
        answers::form(&self.program).to_string()
    }

    /// `{"plan": <plan --format json>, "document": <the same, as the
    /// exact text the command prints>, "text": <plan's text>}`, or
    /// `{"errors": [{"field", "message", "hint"}]}`.
    pub fn plan(&self, answers: &str) -> String {
        match self.compute(answers) {
            Ok(plan) => {
                let document = json::plan_document(&plan);
                serde_json::json!({
                    "plan": serde_json::from_str::<serde_json::Value>(&document).unwrap_or_default(),
                    "document": document,
                    "text": text::render(&plan, StartChoice::Given),
                })
                .to_string()
            }
            Err(errors) => errors_json(&errors),
        }
    }

    /// The PDF; `paper` is `a4`, `letter` or empty for the program's.
    pub fn pdf(&self, answers: &str, paper: &str) -> Result<Vec<u8>, JsError> {
        self.print(answers, paper).map_err(|e| JsError::new(&e))
    }

    /// The calendar `planwright plan --format ics` writes.
    pub fn ics(&self, answers: &str) -> Result<String, JsError> {
        let plan = self
            .compute(answers)
            .map_err(|e| JsError::new(&errors_json(&e)))?;
        Ok(ics::render(
            &plan,
            &self.program,
            &ics::IcsOptions::default(),
        ))
    }

    /// The name `planwright plans` gives the plan's file, without `.pdf`.
    pub fn file_name(&self, answers: &str) -> Result<String, JsError> {
        let plan = self
            .compute(answers)
            .map_err(|e| JsError::new(&errors_json(&e)))?;
        let name = pdf::file_name(&plan);
        Ok(name.strip_suffix(".pdf").unwrap_or(&name).to_string())
    }
}
