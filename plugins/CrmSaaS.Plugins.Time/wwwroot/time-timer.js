// Ticks the top-bar timer's clock once a second, from the server's elapsed time at render.
(function () {
    if (window.crmTimerTicking) {
        return;
    }
    window.crmTimerTicking = true;
    function tick() {
        document.querySelectorAll('[data-timer-elapsed]').forEach(function (clock) {
            if (!clock.dataset.loadedAt) {
                clock.dataset.loadedAt = String(Date.now());
            }
            var seconds = Number(clock.dataset.timerElapsed) + Math.floor((Date.now() - Number(clock.dataset.loadedAt)) / 1000);
            var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
            clock.textContent = h + ':' + String(m).padStart(2, '0') + ':' + String(s).padStart(2, '0');
        });
    }
    setInterval(tick, 1000);
})();
