// The staff redemption page works with no script: type (or let a USB/Bluetooth scanner gun type) the code and
// press Enter. This adds a 扫一扫 button where the device can scan: WeChat's own scanner (JS-SDK) inside
// WeChat, the camera with the browser's BarcodeDetector elsewhere. Whatever is read goes into the same form.
"use strict";

(() => {
  const form = document.getElementById("redeem-form");
  const input = document.getElementById("redeem-input");
  const scan = document.getElementById("scan");
  const camera = document.getElementById("camera");

  // A second tap on 确认核销 sends nothing more (the form's one-time key would make it harmless anyway).
  for (const confirm of document.querySelectorAll("#confirm-form")) {
    confirm.addEventListener("submit", () => { confirm.querySelector("button").disabled = true; });
  }
  if (!form || !input || !scan) return;

  const submitWith = (text) => {
    input.value = text.trim();
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  };

  // wx.scanQRCode answers barcodes as "CODE_128,<digits>", QR codes as their plain text.
  const withoutSymbology = (text) => text.replace(/^(CODE_128|CODE_39|CODE_93|EAN_13|EAN_8|UPC_A|UPC_E|ITF|CODABAR),/, "");

  const wxConfig = document.getElementById("wx-config");
  if (wxConfig && window.wx) {
    wx.config({
      debug: false,
      appId: wxConfig.dataset.appId,
      timestamp: Number(wxConfig.dataset.timestamp),
      nonceStr: wxConfig.dataset.nonce,
      signature: wxConfig.dataset.signature,
      jsApiList: ["scanQRCode"],
    });
    wx.ready(() => {
      scan.hidden = false;
      scan.addEventListener("click", () => wx.scanQRCode({
        needResult: 1,
        scanType: ["qrCode", "barCode"],
        success: (result) => submitWith(withoutSymbology(result.resultStr || "")),
      }));
    });
    wx.error(() => { scan.hidden = true; }); // a bad signature: typing still works
    return;
  }

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !camera) return;
  BarcodeDetector.getSupportedFormats().then((supported) => {
    const formats = ["qr_code", "code_128"].filter((f) => supported.includes(f));
    if (formats.length === 0) return;
    const detector = new BarcodeDetector({ formats });
    const video = camera.querySelector("video");
    let stream = null;
    let timer = 0;

    const stop = () => {
      clearInterval(timer);
      if (stream) stream.getTracks().forEach((t) => t.stop());
      stream = null;
      camera.hidden = true;
      scan.hidden = false;
    };

    scan.hidden = false;
    scan.addEventListener("click", async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      } catch {
        scan.hidden = true; // no camera, or permission refused: the text box stays
        input.focus();
        return;
      }
      video.srcObject = stream;
      await video.play();
      camera.hidden = false;
      scan.hidden = true;
      timer = setInterval(async () => {
        try {
          const codes = await detector.detect(video);
          if (codes.length > 0) {
            stop();
            submitWith(codes[0].rawValue);
          }
        } catch { /* a frame that could not be read: try the next one */ }
      }, 250);
    });
    document.getElementById("camera-stop").addEventListener("click", stop);
  });
})();
