// Shows how much of a large CSV file has been sent while it uploads (htmx reports XHR progress).
document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest ? event.target.closest("#upload-form") : null;
    var bar = document.getElementById("upload-progress");
    if (form && bar && event.detail.lengthComputable) {
        bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
    }
});

// A file over the import's limit is refused as it is chosen, before minutes of uploading (the server
// refuses it with the same message too).
document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.id !== "import-file" || !input.files || input.files.length === 0) {
        return;
    }

    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    input.setCustomValidity(max && input.files[0].size > max ? input.getAttribute("data-too-large") : "");
    input.reportValidity();
});

document.addEventListener("submit", function (event) {
    var input = event.target.querySelector ? event.target.querySelector("#import-file") : null;
    if (input && input.validationMessage) {
        event.preventDefault();
        event.stopImmediatePropagation();
        input.reportValidity();
    }
}, true);
