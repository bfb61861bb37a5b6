// Keeps what is typed into a form in this tab's sessionStorage, so a note outlives the
// idle sign-out and comes back after signing in again. Drafts stay in the browser (never
// sent anywhere), are kept per user, leave out passwords, codes and hidden fields, and
// live only until the next page: a draft is kept past it only when that page is the
// sign-in page (the session ended under the user), and is gone on signing out and when
// someone else signs in on the same browser.
(function () {
  "use strict";
  var PREFIX = "peerwell-draft:";
  var MAX_AGE = 12 * 60 * 60 * 1000; // the absolute session lifetime
  var body = document.body;
  var user = body.getAttribute("data-draft-key");
  var store;
  try { store = window.sessionStorage; } catch (e) { return; }
  if (!store) { return; }

  function draftKeys() {
    var found = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) { found.push(key); }
    }
    return found;
  }
  function read(key) {
    try { return JSON.parse(store.getItem(key)); } catch (e) { return null; }
  }
  function write(key, draft) {
    try { store.setItem(key, JSON.stringify(draft)); } catch (e) { /* storage full or off */ }
  }

  // Explicit sign-out forgets every draft: the next person on a shared phone sees none.
  var logoutPath = body.getAttribute("data-logout-url");
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.action && new URL(form.action, location.href).pathname === logoutPath) {
      draftKeys().forEach(function (key) { store.removeItem(key); });
    }
  }, true);

  if (!user) {
    // Signed out, as on the sign-in page after a timeout: what was being typed (or sent
    // just as the session ended) waits for the user's return.
    draftKeys().forEach(function (key) {
      var draft = read(key);
      if (draft) { draft.waiting = true; write(key, draft); }
    });
    return;
  }
  // Signed in: drafts left by a page the user simply moved on from, or whose form reached
  // the server, are dropped; so are other users' and old ones.
  var mine = PREFIX + user + ":";
  draftKeys().forEach(function (key) {
    var draft = read(key);
    if (key.indexOf(mine) !== 0 || !draft || !draft.waiting || Date.now() - draft.saved > MAX_AGE) {
      store.removeItem(key);
    }
  });

  var SKIPPED_TYPES = ["hidden", "password", "file", "submit", "button", "reset", "image"];
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && !el.disabled &&
        /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) &&
        SKIPPED_TYPES.indexOf((el.type || "").toLowerCase()) === -1 &&
        el.getAttribute("autocomplete") !== "one-time-code";
    });
  }
  function valuesOf(form) {
    return fields(form).map(function (el) {
      if (el.type === "checkbox" || el.type === "radio") { return el.checked; }
      if (el.multiple) {
        return Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      }
      return el.value;
    });
  }
  function apply(form, values) {
    fields(form).forEach(function (el, i) {
      var value = values[i];
      if (value === undefined) { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = !!value; }
      else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) !== -1; });
      } else { el.value = value; }
    });
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // Forms that change something, with text to lose; not sign-in, codes or search.
  function draftable(form) {
    return (form.getAttribute("method") || "").toLowerCase() === "post" &&
      !form.hasAttribute("data-no-draft") && form.getAttribute("role") !== "search" &&
      !form.closest("dialog") &&
      !form.querySelector("input[type=password], [autocomplete=one-time-code]") &&
      fields(form).some(function (el) { return /^(text|textarea|email|tel|number|date|time|search|url)$/.test(el.type); });
  }

  function offerBack(form, key, original) {
    var template = document.getElementById("draft-notice");
    if (!template) { return; }
    // An empty live region first, then its words, so screen readers announce them.
    var notice = document.createElement("div");
    notice.setAttribute("role", "status");
    form.parentNode.insertBefore(notice, form);
    setTimeout(function () {
      notice.appendChild(template.content.cloneNode(true));
      notice.querySelector(".pw-draft-discard").addEventListener("click", function () {
        apply(form, original);
        store.removeItem(key);
        notice.parentNode.removeChild(notice);
        var first = fields(form)[0];
        if (first) { first.focus(); }
      });
    }, 100);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form, index) {
    if (!draftable(form)) { return; }
    var key = mine + location.pathname + "#" + index;
    var original = valuesOf(form);
    var draft = read(key);
    if (draft && draft.values && !same(draft.values, original)) {
      apply(form, draft.values);
      draft.waiting = false; // back once; from here it lives as any draft
      write(key, draft);
      offerBack(form, key, original);
    }
    function save() {
      var values = valuesOf(form);
      if (same(values, original)) { store.removeItem(key); return; }
      write(key, { saved: Date.now(), values: values, waiting: false });
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
  });
})();
