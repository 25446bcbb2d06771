using System.Buffers.Binary;
using System.IO.Compression;

namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>
/// Just enough PNG reading to hand a black-and-white image to a QR decoder: greyscale or palette, 1 or 8
/// bits, unfiltered scanlines (what QR generators write). Anything else fails loudly rather than guessing.
/// </summary>
public static class PngGray
{
    public static (byte[] Pixels, int Width, int Height) Decode(byte[] png)
    {
        if (png.Length < 8 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') throw new InvalidDataException("not a PNG");
        int width = 0, height = 0, depth = 0, colour = 0;
        byte[] palette = [];
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    (width, height, depth, colour) = (
                        BinaryPrimitives.ReadInt32BigEndian(data),
                        BinaryPrimitives.ReadInt32BigEndian(data[4..]),
                        data[8],
                        data[9]);
                    break;
                case "PLTE": palette = data.ToArray(); break;
                case "IDAT": idat.Write(data); break;
            }
            at += 12 + length;
        }
        if (depth is not (1 or 8) || colour is not (0 or 3)) throw new InvalidDataException($"unsupported PNG: depth {depth}, colour type {colour}");

        idat.Position = 0;
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        var bytes = raw.ToArray();
        var stride = (width * depth + 7) / 8;
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = y * (stride + 1);
            if (bytes[row] != 0) throw new InvalidDataException($"scanline {y} uses PNG filter {bytes[row]}");
            for (var x = 0; x < width; x++)
            {
                int index = depth == 8 ? bytes[row + 1 + x] : (bytes[row + 1 + x / 8] >> (7 - x % 8)) & 1;
                pixels[y * width + x] = colour == 3 ? palette[index * 3] : (byte)(depth == 1 ? index * 255 : index);
            }
        }
        return (pixels, width, height);
    }
}
