// Drag and drop on a project's board: SortableJS moves the card in the page, then the move is posted
// with htmx (antiforgery header included) and the board is re-rendered from the server's order, so a
// colleague's simultaneous move shows up too. Without JavaScript, each task page has a move form.
(function () {
    function init(root) {
        var board = root.querySelector ? (root.id === 'board' ? root : root.querySelector('#board')) : null;
        if (!board || !board.dataset.moveUrl || typeof Sortable === 'undefined') {
            return;
        }
        board.querySelectorAll('.board-cards').forEach(function (list) {
            Sortable.create(list, {
                group: 'board',
                animation: 150,
                // Pointer events instead of native drag and drop: the same on touch screens and in every browser.
                forceFallback: true,
                ghostClass: 'board-card-ghost',
                onStart: function () {
                    board.setAttribute('data-dragging', '');
                },
                onEnd: function (evt) {
                    board.removeAttribute('data-dragging');
                    if (evt.from === evt.to && evt.oldIndex === evt.newIndex) {
                        return;
                    }
                    var card = evt.item;
                    var previous = card.previousElementSibling;
                    htmx.ajax('POST', board.dataset.moveUrl, {
                        target: '#board',
                        swap: 'outerHTML',
                        select: '#board',
                        values: {
                            taskId: card.dataset.taskId,
                            columnId: evt.to.dataset.columnId,
                            afterTaskId: previous ? previous.dataset.taskId : '',
                            index: evt.newIndex
                        }
                    });
                }
            });
        });
    }
    htmx.onLoad(init);
    // A colleague's change arriving while a card is being dragged waits: the board is not swapped
    // under the pointer (the drop re-renders it from the server anyway).
    document.addEventListener('htmx:beforeRequest', function (event) {
        if (event.detail.elt.hasAttribute('data-board-live') && document.querySelector('#board[data-dragging]')) {
            event.preventDefault();
        }
    });
    // A refused move (the card was deleted meanwhile, access was withdrawn …) leaves the page out of
    // step with the server: show the server's board again.
    document.addEventListener('htmx:responseError', function (event) {
        if (event.detail.target && event.detail.target.id === 'board') {
            window.location.reload();
        }
    });
})();
