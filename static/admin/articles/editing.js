// The article form: autosave while typing, a question before leaving unsaved changes, and
// "who else is editing" kept fresh. Progressive enhancement: without this script the form
// saves as ever (see articles/editing.py).
"use strict";
(function () {
  function serialize(form) {
    const fields = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") {
        fields.append(name, value);
      }
    }
    return fields.toString();
  }

  function post(url, form, body) {
    const data = body || new URLSearchParams(serialize(form));
    data.set("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    });
  }

  // While the site can't be reached, the latest text waits in this browser's storage; the
  // next time the form opens online it is autosaved, and the page offers to restore it.
  function offlineKey(settings) {
    return `newsblog:autosave:${settings.dataset.autosaveUrl}`;
  }

  function keepOffline(settings, fields) {
    try {
      localStorage.setItem(offlineKey(settings), fields);
    } catch (error) {
      // storage full or refused: the leave warning still protects the text
    }
  }

  async function sendKeptOffline(form, settings) {
    let kept = null;
    try {
      kept = localStorage.getItem(offlineKey(settings));
    } catch (error) {
      return;
    }
    if (!kept || kept === serialize(form)) {
      forgetOffline(settings);
      return;
    }
    const response = await post(settings.dataset.autosaveUrl, form, new URLSearchParams(kept));
    if (response.ok) {
      forgetOffline(settings);
      window.location.reload();
    }
  }

  function forgetOffline(settings) {
    try {
      localStorage.removeItem(offlineKey(settings));
    } catch (error) {
      // nothing was kept
    }
  }

  function autosaver(form, settings) {
    const status = settings.querySelector("[data-autosave-status]");
    const idle = Number(settings.dataset.idleSeconds) * 1000;
    const longest = Number(settings.dataset.maxSeconds) * 1000;
    let sent = serialize(form);
    let timer = null;
    let firstChangeAt = null;

    async function save() {
      clearTimeout(timer);
      timer = null;
      firstChangeAt = null;
      const current = serialize(form);
      if (current === sent) return;
      try {
        const response = await post(settings.dataset.autosaveUrl, form);
        if (!response.ok) throw new Error(response.status);
        sent = current;
        forgetOffline(settings);
        status.textContent = (await response.json()).message;
      } catch (error) {
        keepOffline(settings, current);
        status.textContent = settings.dataset.offlineMessage;
        schedule();
      }
    }

    function schedule() {
      const now = Date.now();
      firstChangeAt = firstChangeAt || now;
      clearTimeout(timer);
      timer = setTimeout(save, Math.max(0, Math.min(idle, firstChangeAt + longest - now)));
    }
    return schedule;
  }

  function guardLeaving(form, settings, changed) {
    let submitting = false;
    const loaded = serialize(form);
    form.addEventListener("submit", () => {
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      const unsaved = "unsaved" in settings.dataset || serialize(form) !== loaded;
      if (!submitting && changed() && unsaved) {
        event.preventDefault();
        event.returnValue = settings.dataset.unsavedMessage;
      }
    });
  }

  function watchPresence(form, settings) {
    const url = settings.dataset.checkInUrl;
    const notice = settings.querySelector("[data-presence]");
    if (!url || !notice) return;
    async function checkIn() {
      try {
        const response = await post(url, form, new URLSearchParams());
        if (!response.ok) return;
        const answer = await response.json();
        notice.hidden = answer.editing;
        if (!answer.editing) {
          notice.querySelector("[data-presence-message]").textContent = answer.message;
        }
      } catch (error) {
        // Offline: the next check-in tries again.
      }
    }
    setInterval(checkIn, Number(settings.dataset.heartbeatSeconds) * 1000);
  }

  // The rich-text editor and the tag box's search field have no name of their own for
  // screen readers: they get their field's label.
  function nameFields() {
    const label = (id) => {
      const element = document.querySelector(`label[for="${id}"]`);
      return element ? element.textContent.replace(/:\s*$/, "").trim() : "";
    };
    for (const editor of document.querySelectorAll(".field-body .ProseMirror[contenteditable]")) {
      editor.setAttribute("aria-label", label("id_body"));
    }
    for (const search of document.querySelectorAll(".field-tags .select2-search__field")) {
      search.setAttribute("aria-label", label("id_tags"));
    }
  }

  function start() {
    nameFields();
    document.addEventListener("prose-editor:ready", nameFields);
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on("change select2:open select2:close", nameFields);
    }
    const settings = document.getElementById("article-editing");
    const form = document.getElementById("article_form");
    if (!settings || !form) return;
    const schedule = autosaver(form, settings);
    let touched = "unsaved" in settings.dataset;
    const onChange = () => {
      touched = true;
      schedule();
    };
    form.addEventListener("input", onChange);
    form.addEventListener("change", onChange);
    if (window.django && window.django.jQuery) {
      // Select2 (the tag box) reports its changes through jQuery only.
      window.django.jQuery(form).on("change", "select", onChange);
    }
    guardLeaving(form, settings, () => touched);
    watchPresence(form, settings);
    sendKeptOffline(form, settings).catch(() => {});
  }

  window.addEventListener("load", start);
})();
