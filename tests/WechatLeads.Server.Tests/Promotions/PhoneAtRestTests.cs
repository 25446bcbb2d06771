using System.Text;
using Microsoft.Data.Sqlite;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

public sealed class PhoneAtRestTests
{
    [SqliteFact]
    public async Task The_raw_database_file_holds_no_phone_number_in_any_form()
    {
        string[] phones = ["13812345678", "15987654321", "18600001111"];
        await using (var app = new WechatLeadsFactory(settings: new Dictionary<string, string?> { ["RateLimits:ParticipationsPerIpPerMinute"] = "100000" }))
        {
            app.CreateClient();
            foreach (var phone in phones)
            {
                var mp = await MiniProgramClient.LoginAsync(app);
                (await mp.JoinAsync("spring-coupon", "+86 " + phone, marketing: true)).EnsureSuccessStatusCode();
                (await mp.JoinAsync("lucky-draw", phone)).EnsureSuccessStatusCode();
            }
            var dir = app.DataDirectory;
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();

            var bytes = Directory.GetFiles(dir, "leads.db*").Select(File.ReadAllBytes).ToList();
            Assert.NotEmpty(bytes);
            foreach (var phone in phones)
            {
                foreach (var form in new[] { phone, phone[..3] + " " + phone[3..7] + " " + phone[7..], phone[3..], "86" + phone })
                {
                    foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
                    {
                        var needle = encoding.GetBytes(form);
                        Assert.All(bytes, file => Assert.Equal(-1, file.AsSpan().IndexOf(needle)));
                    }
                }
            }
        }
    }
}
