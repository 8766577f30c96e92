// Every unsafe htmx request carries the antiforgery token the layout renders.
document.addEventListener("htmx:configRequest", function (event) {
    var method = (event.detail.verb || "get").toUpperCase();
    if (method !== "GET") {
        var meta = document.querySelector('meta[name="antiforgery-token"]');
        if (meta) {
            event.detail.headers["RequestVerificationToken"] = meta.content;
        }
    }
});

// Buttons and forms marked data-confirm ask before a destructive action (also without htmx).
document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm") || (event.submitter && event.submitter.getAttribute("data-confirm"));
    if (message && !window.confirm(message)) {
        event.preventDefault();
        event.stopImmediatePropagation();
    }
}, true);

// Fields with data-maxlength never cut what is typed or pasted (as maxlength does, silently): past the
// limit the field is marked invalid and a count beside it says by how much; the server refuses it with
// its message on saving.
document.addEventListener("input", function (event) {
    var field = event.target;
    var max = field && field.getAttribute && parseInt(field.getAttribute("data-maxlength"), 10);
    if (!max) {
        return;
    }

    var hintId = (field.id || field.name) + "-length";
    var hint = document.getElementById(hintId);
    var over = field.value.length > max;
    if (!hint && over) {
        hint = document.createElement("div");
        hint.id = hintId;
        hint.className = "invalid-feedback d-block";
        hint.setAttribute("aria-live", "polite");
        field.insertAdjacentElement("afterend", hint);
        field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + hintId).trim());
    }

    if (hint) {
        hint.textContent = over ? field.value.length + " / " + max : "";
    }

    field.classList.toggle("is-invalid", over);
    field.setAttribute("aria-invalid", over ? "true" : "false");
});

// Selects and checkboxes marked data-autosubmit send their form when changed (no inline handlers:
// the Content-Security-Policy allows scripts from files only).
document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
        field.form.requestSubmit();
    }
});

// Live streams (server-sent events, htmx's sse extension): the browser resumes a dropped stream after
// the last event it saw by itself; when the extension has to open a new stream instead, it asks to
// resume after that event too, so nothing published in between is missed.
(function () {
    if (!window.htmx) {
        return;
    }
    var lastEventId = null;
    document.addEventListener("htmx:sseMessage", function (event) {
        if (event.detail && event.detail.lastEventId) {
            lastEventId = event.detail.lastEventId;
        }
    });
    htmx.createEventSource = function (url) {
        var resume = lastEventId ? (url.indexOf("?") < 0 ? "?" : "&") + "lastEventId=" + encodeURIComponent(lastEventId) : "";
        return new EventSource(url + resume, { withCredentials: true });
    };
})();
