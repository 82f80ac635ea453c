//! The browser's planner gives what the command line gives: a program
//! read back from the data `planwright build` writes plans, prints and
//! exports the same bytes as the program loaded from its files.

use planwright::content;
use planwright::{ics, json, pdf, World};
use planwright_core::progression::{self, Baseline, PlanRequest};
use planwright_web::Planner;

#[test]
fn the_data_round_trip_and_the_same_answers_give_the_same_bytes() {
    let program = content::load_shipped().unwrap().program;
    let data = serde_json::to_string(&program).unwrap();
    let back: planwright_core::model::Program = serde_json::from_str(&data).unwrap();
    assert_eq!(back, program);

    let planner = Planner::from_data(&data).unwrap();
    let answers = r#"{"name":"Zoë Ångström","stage":"4","start":"2026-06-01","rate":"6%",
        "units":"imperial","equipment":"step=2.5lb","baselines":{"dumbbell-pullover.reps":"9"}}"#;
    let plan = planner.compute(answers).unwrap();

    let mut request = PlanRequest::stage(4, jiff::civil::date(2026, 6, 1));
    request.person.name = Some("Zoë Ångström".into());
    request.target = Some(planwright_core::model::Rate::parse("6%").unwrap());
    request.units = Some(planwright_core::model::Units::Imperial);
    request.equipment = Some(progression::Equipment::parse("step=2.5lb").unwrap());
    request.baselines = vec![Baseline::parse("dumbbell-pullover.reps=9").unwrap()];
    let expected = progression::plan(&program, &request).unwrap();
    assert_eq!(json::plan_document(&plan), json::plan_document(&expected));

    let fonts = planwright::fonts().unwrap();
    let world = World {
        fonts: &fonts,
        created: None,
        logo: None,
        pictures: Some(&Default::default()),
    };
    for (paper, name) in [
        (program.config.paper, ""),
        (planwright_core::model::Paper::Letter, "letter"),
    ] {
        let cli = pdf::render(&expected, &program, paper, &world).unwrap();
        assert_eq!(planner.print(answers, name).unwrap(), cli, "{name}");
    }
    assert_eq!(
        ics::render(&plan, &back, &ics::IcsOptions::default()),
        ics::render(&expected, &program, &ics::IcsOptions::default())
    );
}

#[test]
fn a_refusal_goes_back_to_its_field_with_the_clis_message() {
    let program = content::load_shipped().unwrap().program;
    let planner = Planner::from_data(&serde_json::to_string(&program).unwrap()).unwrap();
    let errors = planner
        .compute(r#"{"stage":"2","start":"2026-06-01","rate":"15%"}"#)
        .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "rate");
    assert!(errors[0].message.contains("15%"), "{}", errors[0].message);
    let errors = planner
        .compute(r#"{"stage":"1","start":"2026-06-01","baselines":{"cat-cow.duration":"500 s"}}"#)
        .unwrap_err();
    assert_eq!(errors[0].field, "baseline:cat-cow.duration");
}
