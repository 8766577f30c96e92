// Shows how much of a large CSV file has been sent while it uploads (htmx reports XHR progress).
document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest ? event.target.closest("#upload-form") : null;
    var bar = document.getElementById("upload-progress");
    if (form && bar && event.detail.lengthComputable) {
        bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
    }
});
