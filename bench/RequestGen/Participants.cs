using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace WechatLeads.Bench;

/// <summary>
/// Mini-program users for the participation benchmark: each one signs in as a real client does (a
/// wx.login code from the sandbox, exchanged at /api/mp/login) and gets one participation request with
/// consents and a phone number of its own, so every request is a new person and none hits a limit.
/// </summary>
internal static class Participants
{
    public static async Task<int> WriteAsync(string baseUrl, string slug, int count, string outFile)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var campaign = await http.GetFromJsonAsync<JsonElement>($"/api/campaigns/{slug}");
        var policy = campaign.GetProperty("privacy").GetProperty("version").GetString();
        var run = Random.Shared.Next(100, 999);
        var lines = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var openId = $"ombench{run}{i:D9}";
            var code = (await (await http.PostAsync($"/sandbox/simulator/mp/login-code?openId={openId}", null, ct))
                .Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString();
            var login = await http.PostAsJsonAsync("/api/mp/login", new { code }, ct);
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString();
            var body = JsonSerializer.Serialize(new
            {
                consents = new[] { new { purpose = "service", policyVersion = policy }, new { purpose = "marketing", policyVersion = policy } },
                phone = $"13{run % 10}{i:D8}",
                source = "bench",
            });
            lines[i] = $"/api/campaigns/{slug}/participations\tContent-Type: application/json|Authorization: Bearer {token}|Idempotency-Key: bench-{run}-{i:D9}\t{body}";
        });
        await File.WriteAllLinesAsync(outFile, lines, new UTF8Encoding(false));
        return 0;
    }
}
