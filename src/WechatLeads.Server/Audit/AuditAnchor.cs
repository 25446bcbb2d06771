using System.Text.Json;

namespace WechatLeads.Server.Audit;

/// <summary>
/// This instance's own memory of the newest audit entry it has seen (appended or verified): a small MAC'd
/// file in <c>DataDirectory</c>, outside the database. Restoring the database from an older copy rolls the
/// rows and the head row back together — consistently — but not this file, so the next verify on this
/// instance reports the entries it knew and the database no longer has. Only ever moves forward.
/// </summary>
internal sealed class AuditAnchor(AuditSeal seal, IConfiguration configuration, ILogger<AuditAnchor> logger)
{
    public const string FileName = "audit-anchor.json";
    private readonly string _path = Path.Combine(configuration["DataDirectory"] ?? Path.GetFullPath("data"), FileName);
    private readonly Lock _writing = new();

    public sealed record Mark(long Sequence, string Hash, DateTime At, string Mac);

    /// <summary>The anchor, whether its MAC holds; null when this instance has none yet (a new instance).</summary>
    public (Mark Mark, bool Genuine)? Read()
    {
        Mark? mark;
        try
        {
            if (!File.Exists(_path)) return null;
            mark = JsonSerializer.Deserialize<Mark>(File.ReadAllBytes(_path));
        }
        catch (JsonException)
        {
            mark = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable is reported like missing: whoever can do that to the file could delete it as well.
            logger.LogWarning(e, "Could not read the audit anchor file {Path}", _path);
            return null;
        }
        if (mark is null || mark.Hash is null || mark.Mac is null) return (new Mark(0, "", default, ""), false);
        return (mark, AuditSeal.SameMac(seal.AnchorMac(mark.Sequence, mark.Hash, mark.At), mark.Mac));
    }

    /// <summary>Records <paramref name="sequence"/> if it is newer than what the file holds.</summary>
    public void Advance(long sequence, string hash, DateTime at)
    {
        if (sequence <= 0) return;
        lock (_writing)
        {
            try
            {
                var current = Read();
                // A changed file is not overwritten: verify keeps reporting it until someone looks.
                if (current is { } c && (!c.Genuine || c.Mark.Sequence >= sequence)) return;
                var mark = new Mark(sequence, hash, at, seal.AnchorMac(sequence, hash, at));
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                // Written beside, then renamed over: a crash leaves the old file or the new, never half of one.
                // A name of its own: two hosts given the same DataDirectory never write into one temporary file.
                var temporary = $"{_path}.{Guid.NewGuid():N}.tmp";
                var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var stream = new FileStream(temporary, options))
                {
                    JsonSerializer.Serialize(stream, mark);
                    stream.Flush(flushToDisk: true);
                }
                try
                {
                    File.Move(temporary, _path, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary); // nothing left behind when the rename failed
                }
            }
            catch (IOException e)
            {
                // The database is the record; a full or read-only disk must not stop staff from working.
                logger.LogWarning(e, "Could not write the audit anchor file {Path}", _path);
            }
            catch (UnauthorizedAccessException e)
            {
                logger.LogWarning(e, "Could not write the audit anchor file {Path}", _path);
            }
        }
    }
}
