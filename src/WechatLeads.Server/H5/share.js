// Campaign pages inside WeChat: sets the card WeChat shows when the page is shared to a chat or to Moments.
// The signed wx.config and the card come in #wx-share's data attributes. Nothing here rewards or asks for
// sharing; without WeChat (or with a bad signature) WeChat's default card is used and the page works the same.
"use strict";

(() => {
  const el = document.getElementById("wx-share");
  if (!el || !window.wx) return;
  const d = el.dataset;
  wx.config({
    debug: false,
    appId: d.appId,
    timestamp: Number(d.timestamp),
    nonceStr: d.nonce,
    signature: d.signature,
    jsApiList: ["updateAppMessageShareData", "updateTimelineShareData"],
  });
  wx.ready(() => {
    wx.updateAppMessageShareData({ title: d.title, desc: d.desc, link: d.link, imgUrl: d.img });
    wx.updateTimelineShareData({ title: d.title, link: d.link, imgUrl: d.img }); // Moments shows the title only
  });
})();
