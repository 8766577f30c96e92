// Draws each <canvas data-chart="id"> from the JSON in <script id="id" type="application/json">.
(function () {
    function draw() {
        if (typeof Chart === "undefined") {
            return;
        }
        document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
            var source = document.getElementById(canvas.getAttribute("data-chart"));
            if (!source || canvas.dataset.drawn) {
                return;
            }
            var spec = JSON.parse(source.textContent);
            canvas.dataset.drawn = "1";
            new Chart(canvas, {
                type: spec.type,
                data: { labels: spec.labels, datasets: spec.datasets },
                options: {
                    responsive: true,
                    maintainAspectRatio: false,
                    animation: false,
                    plugins: { legend: { display: spec.datasets.length > 1 } },
                    scales: { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } } }
                }
            });
        });
    }
    document.addEventListener("DOMContentLoaded", draw);
    document.addEventListener("htmx:afterSettle", draw);
})();
