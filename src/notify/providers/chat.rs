//! Chat providers: Slack (and its look-alikes Discord and Rocket), Microsoft Teams, Google
//! Chat, Webex, Telegram, Matrix, Lark, Zulip and Zoom.

use super::*;

/// The Slack-style payload shared by slack, discord and rocket: one attachment coloured by
/// severity, authored `<kind>/<name>.<namespace>`, the message as markdown text, the metadata as
/// fields (sorted by key).
pub(super) fn slack_style(
    url: &str,
    event: &Event,
    md: &BTreeMap<String, String>,
    username: &str,
    channel: &str,
    (info, error): (&str, &str),
) -> Request {
    let fields: Vec<Value> = md
        .iter()
        .map(|(k, v)| json!({"title": k, "value": v, "short": false}))
        .collect();
    Request::json(
        url,
        &json!({
            "channel": channel,
            "username": username,
            "icon_url": "",
            "icon_emoji": "",
            "attachments": [{
                "color": if is_error(event) { error } else { info },
                "author_name": object_title(event),
                "text": event.message,
                "mrkdwn_in": ["text"],
                "fields": fields,
            }],
        }),
    )
}

/// `slack`: incoming webhook, or `chat.postMessage` with the Secret's `token` as a bearer
/// token; `username` defaults to the reporting controller.
pub fn slack(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let username = t
        .username
        .as_deref()
        .filter(|u| !u.is_empty())
        .unwrap_or(&event.reporting_controller);
    let r = slack_style(
        &t.address,
        event,
        md,
        username,
        t.channel.as_deref().unwrap_or_default(),
        ("good", "danger"),
    );
    match t.token.as_deref().filter(|t| !t.is_empty()) {
        Some(token) => r.bearer(token),
        None => r,
    }
}

/// `discord`: Discord's Slack-compatible endpoint (`/slack` appended to the webhook path unless
/// present), no channel.
pub fn discord(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let (base, query) = match t.address.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (t.address.as_str(), None),
    };
    let mut url = if base.ends_with("/slack") {
        base.to_string()
    } else {
        format!("{}/slack", base.trim_end_matches('/'))
    };
    if let Some(q) = query {
        url = format!("{url}?{q}");
    }
    let username = t
        .username
        .as_deref()
        .filter(|u| !u.is_empty())
        .unwrap_or(&event.reporting_controller);
    slack_style(&url, event, md, username, "", ("good", "danger"))
}

/// `rocket`: the Slack payload with Rocket.Chat's colours and the username as configured.
pub fn rocket(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    slack_style(
        &t.address,
        event,
        md,
        t.username.as_deref().unwrap_or_default(),
        t.channel.as_deref().unwrap_or_default(),
        ("#0076D7", "#FF0000"),
    )
}

/// Whether a Teams address is a legacy Office 365 connector (MessageCard) rather than a
/// Power Automate workflow (Adaptive Card).
pub(super) fn is_office365_connector(address: &str) -> bool {
    let host = address
        .split("://")
        .nth(1)
        .unwrap_or(address)
        .split(['/', '?'])
        .next()
        .unwrap_or_default();
    host.ends_with("webhook.office.com") || host == "outlook.office.com"
}

/// `msteams`: an Adaptive Card in a `message` for workflow webhooks (title coloured by
/// severity, the message, the metadata as a FactSet); the legacy MessageCard for Office 365
/// connector addresses.
pub fn msteams(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let title = object_title(event);
    if is_office365_connector(&t.address) {
        let facts: Vec<Value> = md
            .iter()
            .map(|(k, v)| json!({"name": k, "value": v}))
            .collect();
        return Request::json(
            &t.address,
            &json!({
                "@type": "MessageCard",
                "@context": "http://schema.org/extensions",
                "themeColor": if is_error(event) { "FF0000" } else { "0076D7" },
                "summary": title,
                "sections": [{"activityTitle": event.message, "activitySubtitle": title, "facts": facts}],
            }),
        );
    }
    let facts: Vec<Value> = md
        .iter()
        .map(|(k, v)| json!({"title": k, "value": v}))
        .collect();
    let mut body = vec![
        json!({"type": "TextBlock", "text": title, "size": "large", "weight": "bolder",
            "style": "heading", "wrap": true,
            "color": if is_error(event) { "attention" } else { "good" }}),
        json!({"type": "TextBlock", "text": event.message, "wrap": true}),
    ];
    if !facts.is_empty() {
        body.push(json!({"type": "FactSet", "facts": facts}));
    }
    Request::json(
        &t.address,
        &json!({
            "type": "message",
            "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": body,
                },
            }],
        }),
    )
}

/// `googlechat`: a card headed `<kind>/<name>.<namespace>` (subtitle: the reporting
/// controller), the message (red for errors) and the metadata as key/value widgets.
pub fn googlechat(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let text = if is_error(event) {
        format!("<font color=\"#ff0000\">{}</font>", event.message)
    } else {
        event.message.clone()
    };
    let mut sections = vec![json!({"header": "", "widgets": [
        {"textParagraph": {"text": text}, "keyValue": null}
    ]})];
    if !md.is_empty() {
        let widgets: Vec<Value> = md
            .iter()
            .map(|(k, v)| {
                json!({"textParagraph": null, "keyValue": {"topLabel": k, "content": v,
                "contentMultiline": false, "bottomLabel": null, "icon": null}})
            })
            .collect();
        sections.push(json!({"header": "", "widgets": widgets}));
    }
    Request::json(
        &t.address,
        &json!({"cards": [{
            "header": {"title": object_title(event), "subtitle": event.reporting_controller,
                "imageUrl": null, "imageStyle": null},
            "sections": sections,
        }]}),
    )
}

/// The markdown text shared by webex, matrix and telegram: a status emoji and the object, the
/// message, then the metadata.
pub(super) fn markdown_lines(
    event: &Event,
    md: &BTreeMap<String, String>,
    (ok, bad): (&str, &str),
    bold: bool,
    line: impl Fn(&str, &str) -> String,
) -> String {
    let emoji = if is_error(event) { bad } else { ok };
    let title = object_title(event);
    let mut s = if bold {
        format!("{emoji} **{title}**\n{}\n", event.message)
    } else {
        format!("{emoji} {title}\n{}\n", event.message)
    };
    for (k, v) in md {
        s.push_str(&line(k, v));
    }
    s
}

/// `webex`: `roomId` (the Provider's `channel`) and a markdown message, with the bot token as
/// a bearer token.
pub fn webex(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let token = t.token("webex")?;
    let text = markdown_lines(event, md, ("✅", "💣"), true, |k, v| {
        format!(">**{k}**: {v}\n")
    });
    let mut body = serde_json::Map::new();
    if let Some(r) = t.channel.as_deref().filter(|r| !r.is_empty()) {
        body.insert("roomId".into(), Value::String(r.to_string()));
    }
    body.insert("markdown".into(), Value::String(text));
    Ok(Request::json(&t.address, &Value::Object(body)).bearer(token))
}

/// `telegram`: the Bot API's `sendMessage` (`<address or https://api.telegram.org>/bot<token>/
/// sendMessage`) to `chat_id` = the Provider's `channel`, as HTML.
pub fn telegram(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let token = t.token("telegram")?;
    let chat = t
        .channel
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or(Error::Config {
            provider: "telegram",
            message: String::from("spec.channel (the chat id) is required"),
        })?;
    let base = if t.address.is_empty() {
        "https://api.telegram.org"
    } else {
        t.address.trim_end_matches('/')
    };
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let emoji = if is_error(event) { "🚨" } else { "💫" };
    let mut text = format!(
        "{emoji} <b>{}</b>\n{}\n",
        esc(&object_title(event)),
        esc(&event.message)
    );
    for (k, v) in md {
        text.push_str(&format!("\n• <b>{}</b>: {}", esc(k), esc(v)));
    }
    Ok(Request::json(
        format!("{base}/bot{token}/sendMessage"),
        &json!({"chat_id": chat, "text": text, "parse_mode": "HTML"}),
    ))
}

/// `matrix`: PUT `m.room.message` into the room named by `channel`, with a transaction id
/// derived from the event (so a retry is not posted twice).
pub fn matrix(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    use sha1::Digest;
    let token = t.token("matrix")?;
    let room = t.channel.as_deref().unwrap_or_default();
    let tx = crate::artifact::archive::hex(&sha1::Sha1::digest(
        serde_json::to_vec(event).unwrap_or_default(),
    ));
    let text = markdown_lines(event, md, ("💫", "🚨"), false, |k, v| {
        format!("- {k}: {v}\n")
    });
    let mut r = Request::json(
        format!(
            "{}/_matrix/client/r0/rooms/{}/send/m.room.message/{tx}",
            t.address.trim_end_matches('/'),
            url_escape(room)
        ),
        &json!({"body": text, "msgtype": "m.text"}),
    )
    .bearer(token);
    r.method = Method::Put;
    Ok(r)
}

/// `lark`: an interactive card, header coloured by severity, the message in bold and the
/// metadata as lines.
pub fn lark(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let (emoji, color) = if is_error(event) {
        ("🚨", "red")
    } else {
        ("💫", "turquoise")
    };
    let mut text = format!("**{}**\n\n", event.message);
    for (k, v) in md {
        text.push_str(&format!("{k}: {v}\n"));
    }
    Request::json(
        &t.address,
        &json!({"msg_type": "interactive", "card": {
            "config": {"wide_screen_mode": true},
            "header": {"title": {"tag": "plain_text", "content": format!("{emoji} {}", object_title(event))},
                "template": color},
            "elements": [{"tag": "div", "text": {"tag": "lark_md", "content": text}}],
        }}),
    )
}

/// `zulip`: a stream message (form-encoded, as Zulip's `POST /api/v1/messages` takes it) to
/// the stream in `channel` (`stream` or `stream/topic`; the topic defaults to the object),
/// authenticated with the bot's email (`username`) and API key (`password`).
pub fn zulip(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let user = t.username.as_deref().unwrap_or_default();
    let key = t.password.as_deref().or(t.token.as_deref()).unwrap_or("");
    if user.is_empty() || key.is_empty() {
        return Err(Error::Config {
            provider: "zulip",
            message: String::from(
                "the bot email ('username') and API key ('password') are required",
            ),
        });
    }
    let channel = t.channel.as_deref().unwrap_or_default();
    let (stream, topic) = match channel.split_once('/') {
        Some((s, t)) => (s.to_string(), t.to_string()),
        None => (channel.to_string(), object_title(event)),
    };
    let emoji = if is_error(event) {
        ":warning:"
    } else {
        ":check:"
    };
    let mut content = format!("{emoji} **{}**\n{}\n", object_title(event), event.message);
    for (k, v) in md {
        content.push_str(&format!("\n* **{k}**: {v}"));
    }
    let form = [
        ("type", "stream"),
        ("to", stream.as_str()),
        ("topic", topic.as_str()),
        ("content", content.as_str()),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", form_escape(v)))
    .collect::<Vec<_>>()
    .join("&");
    Ok(Request {
        method: Method::Post,
        url: t.address.clone(),
        headers: vec![(
            String::from("Content-Type"),
            String::from("application/x-www-form-urlencoded"),
        )],
        body: form.into_bytes(),
    }
    .basic(user, key))
}

/// `zoom`: Zoom team chat's incoming webhook format (`head.text` + a message body), with the
/// verification token as the Authorization header.
pub fn zoom(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let emoji = if is_error(event) { "🚨" } else { "💫" };
    let mut text = event.message.clone();
    for (k, v) in md {
        text.push_str(&format!("\n{k}: {v}"));
    }
    let r = Request::json(
        &t.address,
        &json!({"head": {"text": format!("{emoji} {}", object_title(event))},
            "body": [{"type": "message", "text": text}]}),
    );
    match t.token.as_deref().filter(|t| !t.is_empty()) {
        Some(token) => r.header("Authorization", token),
        None => r,
    }
}
