namespace WechatLeads.Server.Platform.Web;

/// <summary>QR codes drawn into the page itself: a PNG in a data URI (the console's CSP allows <c>img-src data:</c>).</summary>
internal static class QrCodes
{
    public static string PngDataUri(string text, int pixelsPerModule = 6) => "data:image/png;base64," + Convert.ToBase64String(Png(text, pixelsPerModule));

    /// <summary>Error correction M: readable with a fold or a smudge on a printed poster, still a small image.</summary>
    public static byte[] Png(string text, int pixelsPerModule)
    {
        using var data = QRCoder.QRCodeGenerator.GenerateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
