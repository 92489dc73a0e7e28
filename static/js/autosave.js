// Autosave for questionnaire pages. The page works without it: every button is a plain form post.
// With it, answers are also saved a moment after each change, so closing the tab loses nothing.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var versionInput = form.querySelector("input[name=version]");
  var lang = document.documentElement.lang === "en" ? "en" : "sv";
  var text = {
    sv: { saving: "Sparar …", saved: "Sparat ", failed: "Kunde inte spara automatiskt. Tryck på Spara.", conflict: "En kollega har ändrat svaren. Tryck på Spara för att se skillnaderna." },
    en: { saving: "Saving …", saved: "Saved ", failed: "Could not save automatically. Press Save.", conflict: "A colleague has changed the answers. Press Save to see the differences." }
  }[lang];
  var timer = null;
  var inFlight = false;
  var pending = false;
  var stopped = false;

  function say(message) { if (status) { status.textContent = message; } }

  function save() {
    if (stopped) { return; }
    if (inFlight) { pending = true; return; }
    inFlight = true;
    say(text.saving);
    var data = new FormData(form);
    data.set("action", "save");
    fetch(form.getAttribute("data-autosave"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Autosave": "1", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok && result.body.status === "saved") {
        versionInput.value = result.body.version;
        say(text.saved + new Date().toLocaleTimeString(lang === "en" ? "en-GB" : "sv-SE", { hour: "2-digit", minute: "2-digit" }));
      } else if (result.body && result.body.status === "conflict") {
        stopped = true;
        say(text.conflict);
      } else {
        // Invalid input: the Save button shows the errors beside the fields.
        say(text.failed);
      }
    }).catch(function () {
      say(text.failed);
    }).then(function () {
      inFlight = false;
      if (pending) { pending = false; schedule(); }
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") { schedule(); }
  });
})();
