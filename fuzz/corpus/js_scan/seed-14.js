// Files the current message with EWS: GetItem is allowed for add-ins, DeleteItem is not.
function soap(body) {
  return '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"' +
    ' xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"' +
    ' xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">' +
    "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
}

const getItem = soap('<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape></m:GetItem>');

Office.onReady(() => {
  Office.context.mailbox.makeEwsRequestAsync(getItem, (r) => console.log(r.value));
  Office.context.mailbox.makeEwsRequestAsync(
    soap("<m:DeleteItem DeleteType=\"HardDelete\"><m:ItemIds/></m:DeleteItem>"),
    () => {}
  );
});
