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
