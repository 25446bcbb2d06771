using System.Text;
using ZXing;
using ZXing.Common;
using ZXing.OneD;
using ZXing.QrCode;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// The QR code and Code 128 barcode of a redemption token, as inline SVG: crisp on any screen, no image
/// request, nothing for the page's Content-Security-Policy to allow. ZXing.Net does the encoding.
/// </summary>
internal static class CouponImages
{
    public static string QrSvg(string text, string id)
    {
        var hints = new Dictionary<EncodeHintType, object>
        {
            [EncodeHintType.MARGIN] = 2,
            [EncodeHintType.ERROR_CORRECTION] = ZXing.QrCode.Internal.ErrorCorrectionLevel.M
        };
        var matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
        var path = new StringBuilder();
        for (var y = 0; y < matrix.Height; y++)
            for (var x = 0; x < matrix.Width; x++)
                if (matrix[x, y]) path.Append($"M{x} {y}h1v1h-1z");
        return $"""<svg id="{id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {matrix.Width} {matrix.Height}" width="220" height="220" """ +
            $"""shape-rendering="crispEdges" role="img" aria-label="核销二维码"><rect width="100%" height="100%" fill="#fff"/><path d="{path}" fill="#000"/></""" +
            $"""svg>""";
    }

    public static string Code128Svg(string text, string id)
    {
        var hints = new Dictionary<EncodeHintType, object> { [EncodeHintType.MARGIN] = 10 };
        BitMatrix matrix = new Code128Writer().encode(text, BarcodeFormat.CODE_128, 0, 1, hints);
        var path = new StringBuilder();
        for (var x = 0; x < matrix.Width; x++)
        {
            if (!matrix[x, 0]) continue;
            var start = x;
            while (x + 1 < matrix.Width && matrix[x + 1, 0]) x++;
            path.Append($"M{start} 0h{x - start + 1}v40h-{x - start + 1}z");
        }
        return $"""<svg id="{id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {matrix.Width} 40" width="100%" height="80" preserveAspectRatio="none" """ +
            $"""shape-rendering="crispEdges" role="img" aria-label="核销条形码"><rect width="100%" height="100%" fill="#fff"/><path d="{path}" fill="#000"/></""" +
            $"""svg>""";
    }
}
