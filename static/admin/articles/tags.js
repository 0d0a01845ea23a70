// Tags: type a new tag's name in the tag box and press Enter to create it and add it, with no
// popup. Enter after choosing a suggestion with the arrow keys picks the suggestion, as before.
// Without this script the tag box and its "+" popup work as ever (see articles/new_tags.py).
"use strict";
(function () {
  const TAG_BOX = "select[name=tags]";
  let choosing = false; // the editor moved through the suggestions with the arrow keys

  function tagBoxOf(field) {
    const container = field.closest(".select2-container");
    const select = container && container.previousElementSibling;
    return select && select.matches(TAG_BOX) ? select : null;
  }

  function texts() {
    return document.getElementById("article-editing").dataset;
  }

  function say(select, text) {
    const row = select.closest(".flex-container");
    let note = row.parentNode.querySelector(".new-tag-note");
    if (!note) {
      note = document.createElement("div");
      note.className = "help new-tag-note";
      note.setAttribute("role", "status");
      row.after(note);
    }
    note.textContent = text;
  }

  async function create(select, field, name) {
    const form = select.form;
    const body = new URLSearchParams({ name: name });
    body.set("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    const url = texts().newTagUrl;
    let answer;
    try {
      const response = await fetch(url, { method: "POST", body: body, credentials: "same-origin" });
      answer = await response.json();
    } catch (error) {
      say(select, texts().newTagOffline);
      return;
    }
    if (answer.error) {
      say(select, answer.error);
      return;
    }
    const $ = window.django.jQuery;
    if (!select.querySelector(`option[value="${answer.id}"]`)) {
      select.append(new Option(answer.text, answer.id, true, true));
    }
    select.querySelector(`option[value="${answer.id}"]`).selected = true;
    $(select).trigger("change");
    $(select).select2("close");
    field.value = "";
    const done = answer.created ? texts().newTagCreated : texts().newTagAdded;
    say(select, done.replace("%s", answer.text));
    field.focus();
  }

  function showHint() {
    const select = document.querySelector(TAG_BOX);
    const settings = document.getElementById("article-editing");
    if (!select || !settings || !settings.dataset.newTagUrl) return;
    const hint = document.createElement("div");
    hint.className = "help";
    hint.textContent = settings.dataset.newTagHint;
    select.closest(".flex-container").after(hint);
  }

  document.addEventListener("DOMContentLoaded", showHint);
  document.addEventListener(
    "keydown",
    (event) => {
      const field = event.target;
      if (!field.matches || !field.matches(".select2-search__field")) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") choosing = true;
      if (event.key !== "Enter" || choosing || event.isComposing) return;
      const select = tagBoxOf(field);
      const name = field.value.trim();
      if (!select || !name) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      create(select, field, name);
    },
    true,
  );
  document.addEventListener("input", (event) => {
    if (event.target.matches && event.target.matches(".select2-search__field")) choosing = false;
  });
})();
