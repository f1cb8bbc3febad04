/*
 * MS Rehab chat widget: speaks Rasa's socket.io channel (socket.io-client 4.8.1,
 * served from this site). Everything typed or received is shown as text, never
 * as HTML; phone numbers, e-mail addresses and web addresses become links.
 * The conversation (session id and transcript) lives in sessionStorage, so a
 * reload keeps it and closing the tab forgets it.
 */
(function () {
  "use strict";

  var config = window.MSREHAB_CHAT || {};
  var FALLBACK_PHONE = config.phone || ""; // the clinic's number, from domain.yml
  // the clinic's privacy notice and how long chats are kept, from domain.yml
  var PRIVACY_URL = /^https?:\/\//.test(config.privacyUrl || "") ? config.privacyUrl : "";
  var RETENTION_DAYS = config.retentionDays || "";
  var STORAGE_KEY = "msrehab-chat";
  var REPLY_TIMEOUT_MS = 20000;
  var MAX_MESSAGE_LENGTH = 1500;
  // web address | e-mail address | UK phone number (07..., 01/02/03..., +44...) | 999 / 111
  var LINKS = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])|([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})|((?:\+44\s?|\b0)\d[\d ]{8,12}\d\b)|(\b(?:999|111)\b)/g;

  var state = loadState();
  var socket = null;
  var confirmed = false; // the server has confirmed our session id
  var pending = [];      // messages typed before that
  var replyTimer = null;
  var ui = buildUi();

  function loadState() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
      if (saved && Array.isArray(saved.messages)) return saved;
    } catch (e) { /* unreadable storage: start afresh */ }
    return { sessionId: null, messages: [], open: false };
  }

  function saveState() {
    try { window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state)); } catch (e) { /* full or disabled */ }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function buildUi() {
    var root = el("div", "msr-chat");
    var launcher = el("button", "msr-launcher", "Chat with us");
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "msr-panel");

    var panel = el("section", "msr-panel");
    panel.id = "msr-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", "msr-title");

    var header = el("div", "msr-header");
    var title = el("h2", "", "MS Rehab assistant");
    title.id = "msr-title";
    var close = el("button", "msr-close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Close chat");
    header.appendChild(title);
    header.appendChild(close);

    var log = el("div", "msr-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions");
    log.setAttribute("aria-label", "Conversation");
    log.tabIndex = 0;

    var typing = el("div", "msr-typing");
    typing.hidden = true;
    typing.setAttribute("role", "status");
    var typingText = el("span", "msr-visually-hidden", "The assistant is typing");
    var dots = el("span", "msr-dots");
    dots.setAttribute("aria-hidden", "true");
    dots.appendChild(el("span", "", "\u25cf"));
    dots.appendChild(el("span", "", "\u25cf"));
    dots.appendChild(el("span", "", "\u25cf"));
    typing.appendChild(typingText);
    typing.appendChild(dots);

    var status = el("p", "msr-status");
    status.hidden = true;
    status.setAttribute("role", "alert");

    var form = el("form", "msr-form");
    var label = el("label", "msr-visually-hidden", "Your message");
    label.htmlFor = "msr-input";
    var input = el("input");
    input.id = "msr-input";
    input.type = "text";
    input.autocomplete = "off";
    input.maxLength = MAX_MESSAGE_LENGTH;
    input.placeholder = "Type your question\u2026";
    var send = el("button", "", "Send");
    send.type = "submit";
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);

    var notice = el("p", "msr-notice",
      "Automated assistant, not a clinician. In an emergency call 999.");
    if (RETENTION_DAYS) {
      notice.appendChild(document.createTextNode(
        " Chats are kept for " + RETENTION_DAYS + " days, then deleted."));
    }
    if (PRIVACY_URL) {
      var privacy = el("a", "msr-privacy", "Privacy notice");
      privacy.href = PRIVACY_URL;
      privacy.target = "_blank";
      privacy.rel = "noopener noreferrer";
      notice.appendChild(document.createTextNode(" "));
      notice.appendChild(privacy);
    }

    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(status);
    panel.appendChild(form);
    panel.appendChild(notice);
    log.appendChild(typing);
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(root);

    launcher.addEventListener("click", openPanel);
    close.addEventListener("click", closePanel);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closePanel();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      input.value = "";
      sendMessage(text, text);
    });

    return { launcher: launcher, panel: panel, log: log, typing: typing, status: status, input: input };
  }

  /* Text with clickable phone numbers, e-mail and web addresses; never HTML. */
  function linkified(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    var match;
    LINKS.lastIndex = 0;
    while ((match = LINKS.exec(text)) !== null) {
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el("a", "", match[0]);
      if (match[1]) {
        link.href = match[1];
        link.target = "_blank";
        link.rel = "noopener noreferrer";
      } else if (match[2]) {
        link.href = "mailto:" + match[2];
      } else {
        link.href = "tel:" + match[0].replace(/[^\d+]/g, "");
      }
      fragment.appendChild(link);
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function render(message) {
    var bubble = el("div", "msr-msg " + (message.from === "user" ? "msr-msg-user" : "msr-msg-bot"));
    if (message.from === "user") {
      bubble.textContent = message.text;
    } else {
      bubble.appendChild(linkified(message.text || ""));
    }
    ui.log.insertBefore(bubble, ui.typing);
    if (message.buttons && message.buttons.length) {
      var group = el("div", "msr-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Suggested replies");
      message.buttons.forEach(function (button) {
        var b = el("button", "", button.title);
        b.type = "button";
        b.addEventListener("click", function () { sendMessage(button.title, button.payload); });
        group.appendChild(b);
      });
      ui.log.insertBefore(group, ui.typing);
    }
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function addMessage(message) {
    state.messages.push(message);
    saveState();
    render(message);
  }

  function setTyping(on) {
    ui.typing.hidden = !on;
    clearTimeout(replyTimer);
    if (on) {
      ui.log.scrollTop = ui.log.scrollHeight;
      replyTimer = setTimeout(function () {
        ui.typing.hidden = true;
        showStatus("The assistant is taking a while to answer." + phoneHint());
      }, REPLY_TIMEOUT_MS);
    }
  }

  function phoneHint() {
    return FALLBACK_PHONE ? " You can also call the clinic on " + FALLBACK_PHONE + "." : "";
  }

  function showStatus(text) {
    ui.status.textContent = "";
    if (text) ui.status.appendChild(linkified(text));
    ui.status.hidden = !text;
  }

  function sendMessage(shown, payload) {
    if (shown) addMessage({ from: "user", text: shown });
    connect();
    setTyping(true);
    if (confirmed) {
      socket.emit("user_uttered", { message: payload, session_id: state.sessionId });
    } else {
      pending.push(payload);
    }
  }

  function onBotMessage(data) {
    setTyping(false);
    showStatus("");
    var buttons = (data.quick_replies || data.buttons || []).map(function (b) {
      return { title: String(b.title), payload: String(b.payload) };
    });
    if (data.text || buttons.length) addMessage({ from: "bot", text: String(data.text || ""), buttons: buttons });
  }

  function connect() {
    if (socket) return;
    // The conversation id in the query lets a proxy keep this conversation on
    // one server replica (deploy/nginx); a first visit has none yet.
    var query = state.sessionId ? { conversation: state.sessionId } : {};
    socket = window.io(config.server, { path: "/socket.io", transports: ["websocket"], query: query });
    socket.on("connect", function () {
      confirmed = false;
      showStatus("");
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      var first = !state.sessionId;
      state.sessionId = typeof sessionId === "string" ? sessionId : (sessionId && sessionId.session_id);
      saveState();
      confirmed = true;
      while (pending.length) {
        socket.emit("user_uttered", { message: pending.shift(), session_id: state.sessionId });
      }
      // the greeting and its quick replies come from the assistant itself
      if (first && state.messages.length === 0) sendMessage(null, "/greet");
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("connect_error", function () {
      setTyping(false);
      showStatus("Can't reach the assistant right now." + phoneHint());
    });
  }

  function openPanel() {
    state.open = true;
    saveState();
    ui.panel.hidden = false;
    ui.launcher.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "true");
    connect();
    ui.input.focus();
  }

  function closePanel() {
    state.open = false;
    saveState();
    ui.panel.hidden = true;
    ui.launcher.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
  }

  state.messages.forEach(render);
  if (state.open) openPanel();
})();
