using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace WechatLeads.Bench;

/// <summary>
/// Mini-program users for the participation benchmark: each one signs in as a real client does (a
/// wx.login code from the sandbox, exchanged at /api/mp/login) and gets one participation request with
/// consents and a number of its own proven by the getPhoneNumber button's code (the server exchanges it at the
/// sandbox's WeChat, as it would at WeChat's), so every request is a new person and none hits a limit.
/// </summary>
internal static class Participants
{
    public static async Task<int> WriteAsync(string baseUrl, string slug, int count, string outFile)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var campaign = await http.GetFromJsonAsync<JsonElement>($"/api/campaigns/{slug}");
        var policy = campaign.GetProperty("privacy").GetProperty("version").GetString();
        // Each file is a run of its own (the warm-up and the measured run are two): people, openids and phone
        // numbers of one run never meet those of another, or the second file would hit the per-person limit.
        if (count > 99_999) throw new ArgumentOutOfRangeException(nameof(count), "at most 99,999 participants a file");
        var run = Random.Shared.Next(0, 70_000); // 1 + [3-9] + four digits + five digits of i = an 11-digit mainland number
        var lines = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var openId = $"ombench{run:D5}{i:D9}";
            var code = (await (await http.PostAsync($"/sandbox/simulator/mp/login-code?openId={openId}", null, ct))
                .Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString();
            var login = await http.PostAsJsonAsync("/api/mp/login", new { code }, ct);
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString();
            var phone = $"1{3 + run / 10_000}{run % 10_000:D4}{i:D5}";
            var phoneCode = (await (await http.PostAsync($"/sandbox/simulator/mp/phone-code?phone={phone}&openId={openId}", null, ct))
                .Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString();
            var body = JsonSerializer.Serialize(new
            {
                consents = new[] { new { purpose = "service", policyVersion = policy }, new { purpose = "marketing", policyVersion = policy } },
                phoneCode,
                source = "bench",
            });
            lines[i] = $"/api/campaigns/{slug}/participations\tContent-Type: application/json|Authorization: Bearer {token}|Idempotency-Key: " +
                $"bench-{run}-{i:D9}\t{body}";
        });
        await File.WriteAllLinesAsync(outFile, lines, new UTF8Encoding(false));
        return 0;
    }
}
