// Stand-in for a copy of Microsoft's Office library: it mentions every API, so audit must skip it.
Office.context.mailbox.makeEwsRequestAsync("<x/>", function () {});
Office.context.mailbox.item.body.setAsync("x");
