//! Reading `planwright.yaml`, the site-wide config at the content root.

use std::path::Path;

use super::decode::Decoder;
use super::yaml::{Node, Value};
use crate::model::{address, Clinic, Config, Paper, Rate, RateBand, RawHtml, Units};

pub(crate) const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "rate",
    "paper",
    "units",
    "clinic",
    "raw_html",
];
pub(crate) const RATE_KEYS: &[&str] = &["target", "min", "max"];
pub(crate) const CLINIC_KEYS: &[&str] = &["name", "contact", "phone", "logo"];
const WHAT: &str = "planwright.yaml";

/// Reads the config from its YAML tree. `None` when there were errors.
pub(crate) fn decode(d: &mut Decoder, root: &Node) -> Option<Config> {
    let fields = d.fields(root, WHAT, KEYS)?;
    let title = d
        .required(&fields, "title", WHAT)
        .and_then(|n| d.text(n, "title"));
    let description = d.optional_text(fields.get("description"), "description");
    let base_url = match fields.get("base_url") {
        Some(n) => d.url(n, "base_url").map(|u| {
            warn_on_placeholder(d, n, &u);
            Some(with_trailing_slash(u))
        }),
        None => Some(None),
    };
    let language = match fields.get("language") {
        Some(n) => language(d, n),
        None => Some("en".to_string()),
    };
    let rate = match fields.get("rate") {
        Some(n) => rate_band(d, n),
        None => Some(RateBand::default()),
    };
    let paper = match fields.get("paper") {
        Some(n) => d.choice(n, "paper", &[(Paper::A4, "a4"), (Paper::Letter, "letter")]),
        None => Some(Paper::A4),
    };
    let units = match fields.get("units") {
        Some(n) => d.choice(
            n,
            "units",
            &[(Units::Metric, "metric"), (Units::Imperial, "imperial")],
        ),
        None => Some(Units::Metric),
    };
    let clinic = match fields.get("clinic") {
        Some(n) => clinic(d, n).map(Some),
        None => Some(None),
    };
    let raw_html = match fields.get("raw_html") {
        Some(n) => d.choice(
            n,
            "raw_html",
            &[(RawHtml::Allow, "allow"), (RawHtml::Escape, "escape")],
        ),
        None => Some(RawHtml::default()),
    };
    Some(Config {
        title: title?,
        description: description?,
        base_url: base_url?,
        language: language?,
        rate: rate?,
        paper: paper?,
        units: units?,
        clinic: clinic?,
        raw_html: raw_html?,
    })
}

/// A placeholder address builds, but printed plans leave it out (it would
/// send people nowhere): a warning, so the author knows why.
fn warn_on_placeholder(d: &mut Decoder, node: &Node, url: &str) {
    if let Some(why) = address::placeholder(url) {
        d.warning_hint(
            node.position,
            format!("`base_url` `{url}` is not a real address: {why}"),
            "printed plans leave the guide's address and QR code out until `base_url` is the \
             address the site is published at; leave `base_url` out while there is none",
        );
    }
}

fn with_trailing_slash(mut url: String) -> String {
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// A BCP 47 tag in its common shapes: `en`, `en-GB`, `pt-BR`, `zh-Hant`.
fn language(d: &mut Decoder, node: &Node) -> Option<String> {
    let tag = d.text(node, "language")?;
    let ok = tag.split('-').enumerate().all(|(i, part)| {
        let len_ok = if i == 0 {
            (2..=3).contains(&part.len())
        } else {
            (2..=8).contains(&part.len())
        };
        len_ok && part.chars().all(|c| c.is_ascii_alphanumeric())
    });
    if ok {
        Some(tag)
    } else {
        d.error_hint(
            node.position,
            format!("`language` `{tag}` is not a language tag"),
            "use a tag like `en`, `en-GB` or `de`",
        );
        None
    }
}

fn rate_band(d: &mut Decoder, node: &Node) -> Option<RateBand> {
    let fields = d.fields(node, "rate", RATE_KEYS)?;
    let defaults = RateBand::default();
    let mut read = |key: &str, default: Rate| -> Option<Rate> {
        let Some(n) = fields.get(key) else {
            return Some(default);
        };
        let what = format!("rate.{key}");
        let rate = d.quantity(n, &what, Rate::parse)?;
        if rate > Rate::CEILING {
            d.error_hint(
                n.position,
                format!("`{what}` of {rate} is above the 10% weekly ceiling"),
                "planwright never plans more than 10% a week: bigger jumps raise the risk of flare-ups and injury",
            );
            return None;
        }
        Some(rate)
    };
    let (target, min, max) = (
        read("target", defaults.target),
        read("min", defaults.min),
        read("max", defaults.max),
    );
    let (target, min, max) = (target?, min?, max?);
    if min > max {
        d.error_hint(
            fields.position,
            format!("`rate.min` ({min}) is larger than `rate.max` ({max})"),
            "the band runs from the smallest weekly increase to the largest",
        );
        return None;
    }
    if target < min || target > max {
        d.error_hint(
            fields.position,
            format!("`rate.target` ({target}) lies outside the band {min}–{max}"),
            "choose a target between `rate.min` and `rate.max`",
        );
        return None;
    }
    Some(RateBand { target, min, max })
}

fn clinic(d: &mut Decoder, node: &Node) -> Option<Clinic> {
    let fields = d.fields(node, "clinic", CLINIC_KEYS)?;
    let name = d
        .required(&fields, "name", "clinic")
        .and_then(|n| d.text(n, "clinic.name"));
    let contact = d.optional_text(fields.get("contact"), "clinic.contact");
    let phone = match fields.get("phone") {
        Some(n) if n.value != Value::Null => d.phone(n, "clinic.phone").map(Some),
        _ => Some(None),
    };
    let logo = match fields.get("logo") {
        Some(n) => d.content_path(n, "clinic.logo").map(Some),
        None => Some(None),
    };
    Some(Clinic {
        name: name?,
        contact: contact?,
        phone: phone?,
        logo: logo?,
    })
}

/// Parses `planwright.yaml` text; pure, for tests and the loader alike.
pub fn parse(text: &str, path: &Path) -> Result<Config, Vec<crate::diagnostic::Diagnostic>> {
    super::parse_yaml_file(text, path, decode)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse(text, Path::new("planwright.yaml"))
            .unwrap_err()
            .into_iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn defaults_fill_what_is_left_out() {
        let config = parse("title: T\n", Path::new("p.yaml")).unwrap();
        assert_eq!(config.rate, RateBand::default());
        assert_eq!(config.paper, Paper::A4);
        assert_eq!(config.language, "en");
        assert_eq!(config.base_url, None);
    }

    #[test]
    fn refuses_unsafe_and_inverted_rates() {
        assert_eq!(
            errors("title: T\nrate:\n  max: 15%\n"),
            vec!["planwright.yaml:3:8: error: `rate.max` of 15% is above the 10% weekly ceiling\n  \
                  hint: planwright never plans more than 10% a week: bigger jumps raise the risk of flare-ups and injury"]
        );
        assert_eq!(
            errors("title: T\nrate:\n  min: 9%\n  max: 6%\n  target: 7%\n"),
            vec![
                "planwright.yaml:3:3: error: `rate.min` (9%) is larger than `rate.max` (6%)\n  \
                  hint: the band runs from the smallest weekly increase to the largest"
            ]
        );
        assert_eq!(errors("title: T\nrate:\n  target: 0%\n").len(), 1);
    }

    #[test]
    fn base_url_gets_a_trailing_slash() {
        let config = parse("title: T\nbase_url: https://x.org/a\n", Path::new("p")).unwrap();
        assert_eq!(config.base_url.as_deref(), Some("https://x.org/a/"));
        assert_eq!(errors("title: T\nbase_url: x.org\n").len(), 1);
    }

    /// Every diagnostic of a config that decodes, warnings included.
    fn warnings(text: &str) -> Vec<String> {
        let (config, diagnostics) =
            super::super::read_yaml_file(text, Path::new("planwright.yaml"), decode);
        assert!(config.is_some(), "{diagnostics:?}");
        diagnostics.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_placeholder_base_url_is_a_warning_at_its_place() {
        assert_eq!(
            warnings("title: T\nbase_url: https://planwright.example/thoracic/\n"),
            ["planwright.yaml:2:11: warning: `base_url` `https://planwright.example/thoracic/` is not a \
              real address: `planwright.example` is reserved for examples and leads nowhere\n  \
              hint: printed plans leave the guide's address and QR code out until `base_url` is the \
              address the site is published at; leave `base_url` out while there is none"]
        );
        for url in [
            "https://example.com/",
            "http://localhost:1111/",
            "http://127.0.0.1/",
            "http://[::1]/",
        ] {
            let found = warnings(&format!("title: T\nbase_url: {url}\n"));
            assert_eq!(found.len(), 1, "{url}");
            assert!(
                found[0].starts_with("planwright.yaml:2:11: warning: "),
                "{found:?}"
            );
        }
        assert!(
            warnings("title: T\nbase_url: https://exercises.riverside-physio.co.uk/\n").is_empty()
        );
        assert!(warnings("title: T\n").is_empty());
        // The site keeps the address as written; printed plans leave it out.
        let config = parse(
            "title: T\nbase_url: https://clinic.example/guide\n",
            Path::new("p"),
        )
        .unwrap();
        assert_eq!(
            config.base_url.as_deref(),
            Some("https://clinic.example/guide/")
        );
        assert_eq!(config.public_base_url(), None);
    }

    #[test]
    fn the_clinic_has_a_phone_number() {
        let config = parse(
            "title: T\nclinic:\n  name: Riverside\n  phone: +44 (0)20 7946-0000\n",
            Path::new("p"),
        )
        .unwrap();
        let clinic = config.clinic.unwrap();
        assert_eq!(clinic.phone.as_deref(), Some("+44 (0)20 7946-0000"));
        // A bare number keeps its leading zero: YAML text, not an integer.
        let config = parse(
            "title: T\nclinic:\n  name: R\n  phone: 02079460000\n",
            Path::new("p"),
        )
        .unwrap();
        assert_eq!(config.clinic.unwrap().phone.as_deref(), Some("02079460000"));
        assert_eq!(
            errors("title: T\nclinic:\n  name: R\n  phone: hello@riverside.org\n"),
            ["planwright.yaml:4:10: error: `clinic.phone` `hello@riverside.org` is not a phone number: \
              `h` is not part of a phone number\n  hint: write the number as people dial it, like \
              `020 7946 0000` or `+44 20 7946 0000`"]
        );
        assert_eq!(
            errors("title: T\nclinic:\n  name: R\n  phone: '12'\n"),
            ["planwright.yaml:4:10: error: `clinic.phone` `12` is not a phone number: it has fewer \
              than three digits\n  hint: write the number as people dial it, like `020 7946 0000` \
              or `+44 20 7946 0000`"]
        );
    }
}
