(function () {
    "use strict";

    Office.initialize = function (reason) {
        $(document).ready(function () {
            loadItemProps(Office.context.mailbox.item);
        });
    };

    function loadItemProps(item) {
        $("#from").text(item.from.displayName);
        $("#to").text(item.to.map(function (r) { return r.emailAddress; }).join("; "));
    }
})();
