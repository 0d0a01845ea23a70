// Keyboard shortcuts for the moderation desk. Everything works without them: each key only
// moves focus or presses a button the page already has.
"use strict";
{
    const cards = () => Array.from(document.querySelectorAll("[data-desk-comment]"));
    const announcer = document.getElementById("desk-announcer");
    const help = document.getElementById("desk-keys");
    let current = null;

    function focusCard(card) {
        if (!card) {
            return;
        }
        current = card;
        card.focus({preventScroll: true});
        card.scrollIntoView({block: "nearest"});
    }

    function move(step) {
        const all = cards();
        const index = all.indexOf(current);
        const next = index === -1 ? all[0] : all[index + step];
        focusCard(next || current);
    }

    function press(key) {
        const scope = key === "u" ? document : current;
        const button = scope && scope.querySelector(`[data-desk-key="${key}"]`);
        if (!button) {
            return false;
        }
        if (button.tagName === "SUMMARY") {
            const details = button.parentElement;
            details.open = true;
            details.querySelector("textarea").focus();
        } else {
            button.click();
        }
        return true;
    }

    function typing(target) {
        return target.closest("input, textarea, select, [contenteditable]") !== null;
    }

    const keys = {
        j: () => move(1),
        k: () => move(-1),
        a: () => press("a"),
        r: () => press("r"),
        s: () => press("s"),
        u: () => press("u"),
        enter: () => press("enter"),
        x: () => {
            const box = current && current.closest("tr").querySelector(".action-select");
            if (box) {
                box.click();
            }
        },
        "?": () => help.showModal(),
    };

    document.addEventListener("keydown", (event) => {
        if (event.target.tagName === "TEXTAREA" && event.target.closest(".desk-reply")) {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                event.target.closest(".desk-reply").querySelector("button").click();
            } else if (event.key === "Escape") {
                const details = event.target.closest("details");
                details.open = false;
                focusCard(details.closest("[data-desk-comment]"));
            }
            return;
        }
        if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target) || help.open) {
            return;
        }
        const name = event.key === "Enter" ? "enter" : event.key.toLowerCase();
        if (name === "enter" && event.target.closest("button, a, summary") && event.target !== current) {
            return; // Enter on a control does what the control does
        }
        if (keys[name]) {
            event.preventDefault();
            keys[name]();
        }
    });

    document.addEventListener("focusin", (event) => {
        const card = event.target.closest("[data-desk-comment]");
        if (card) {
            current = card;
        }
    });

    help.querySelector("[data-desk-close]").addEventListener("click", () => help.close());
    document.querySelector(".desk-keys-hint").hidden = false;

    // Back from a decision: the notice is read out, and focus is where the moderator left off.
    const target = location.hash && document.getElementById(location.hash.slice(1));
    focusCard(target && target.matches("[data-desk-comment]") ? target : cards()[0]);
    if (announcer && !announcer.classList.contains("hidden")) {
        const text = announcer.querySelector("p");
        const message = text.textContent;
        text.textContent = "";
        window.setTimeout(() => { text.textContent = message; }, 100);
    }
}
