using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Sms;
using static WechatLeads.Server.Marketing.MarketingAdminEndpoints;

namespace WechatLeads.Server.Marketing;

/// <summary>
/// A send as the operator typed it, checked once for every use: scheduling it, estimating its audience and sending
/// it to oneself first. The same rules for all three, so a test that passed is a send that will be accepted.
/// </summary>
internal sealed class MarketingDraft(
    LeadsDbContext db, IOptionsMonitor<MarketingOptions> options, IOptionsMonitor<SmsOptions> smsOptions,
    IOptionsMonitor<SubscribeMessages.SubscribeMessageOptions> subscribeTemplates, TimeProvider time)
{
    /// <summary>The unsaved send, or the problems (in Chinese) that refuse it.</summary>
    public async Task<(MarketingSend? Send, List<string> Problems)> CheckAsync(NewSend body, string createdBy, CancellationToken ct)
    {
        var problems = new List<string>();
        var channel = body.Channel ?? "";
        var name = body.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100) problems.Add(Ui.T("name is required (at most 100 characters)."));
        if (channel is "subscribe" or "wechat_subscribe" or "subscribe_message")
            problems.Add(Ui.T("subscribe messages carry service notices only (a coupon expiring, a parcel shipped), never marketing."));
        else if (!MarketingChannels.All.Contains(channel)) problems.Add(UnknownChannel());
        if (body.TemplateId is { Length: > 0 } chosen && subscribeTemplates.CurrentValue.Templates.Values.Any(t => t.TemplateId == chosen))
            problems.Add(Ui.T("templateId is a subscribe message template, kept for transactional notices: marketing cannot use it."));
        string text;
        if (channel == MarketingChannels.WechatTemplate)
        {
            if (string.IsNullOrWhiteSpace(body.TemplateId) || body.TemplateId.Length > 64) problems.Add(Ui.T("templateId is required for a template message."));
            if (body.TemplateData is not { Count: > 0 }) problems.Add(Ui.T("templateData is required: the template's fields and their values."));
            text = string.Join('\n', body.TemplateData?.Values.AsEnumerable() ?? []);
        }
        else text = body.Text ?? "";
        if (text.Trim().Length == 0) problems.Add(Ui.T("the message is empty."));
        else problems.AddRange(MessageRules.Problems(channel, text, options.CurrentValue.SenderName));
        // The configured provider and template must be able to carry marketing (template type, Tencent's draw and
        // coupon ban, Aliyun's enterprise-only marketing): refused now, with the reason, not person by person later.
        if (channel == MarketingChannels.Sms) problems.AddRange(SmsCapabilities.MarketingProblems(smsOptions.CurrentValue, text));
        var a = body.Audience ?? new AudienceInput(null, null, null, null, null);
        problems.AddRange(await AudienceProblemsAsync(a, ct));
        var templateData = body.TemplateData is null ? null : JsonSerializer.Serialize(body.TemplateData, JsonDefaults.Indented);
        if (templateData?.Length > 4000) problems.Add(Ui.T("templateData is too long (4,000 characters as JSON)."));
        if (problems.Count > 0) return (null, problems);

        var now = time.GetUtcNow().UtcDateTime;
        var send = Audience(new MarketingSend
        {
            Name = name,
            Channel = channel,
            Text = text,
            TemplateId = body.TemplateId,
            TemplateData = templateData,
            ScheduledAt = UtcTime.From(body.ScheduledAt) ?? now,
            CreatedBy = createdBy,
            CreatedAt = now,
        }, a);
        return (send, problems);
    }

    /// <summary>What is wrong with an audience: over-long filters, an unknown campaign, an empty period.</summary>
    public async Task<List<string>> AudienceProblemsAsync(AudienceInput a, CancellationToken ct)
    {
        var problems = new List<string>();
        if (a.Source?.Length > 64 || a.Store?.Length > 128) problems.Add(Ui.T("audience.source is at most 64 characters and audience.store 128."));
        if (a.Campaign is { } slug && !await db.Set<Campaign>().AnyAsync(c => c.Slug == slug, ct)) problems.Add(Ui.T("no campaign '{0}'.", slug));
        if (a.From is { } f && a.To is { } t && t <= f) problems.Add(Ui.T("audience.to must be after audience.from."));
        return problems;
    }

    /// <summary>The channels by code and name: the code is what the API takes.</summary>
    public static string UnknownChannel() =>
        Ui.T("channel must be one of {0}.", string.Join(", ", MarketingChannels.All.Select(c => $"{c} ({MarketingNames.Channel(c)})")));

    /// <summary>The audience fields of a send, from the form's audience (blank means "any").</summary>
    public static MarketingSend Audience(MarketingSend send, AudienceInput a)
    {
        send.AudienceCampaign = Blank(a.Campaign);
        send.AudienceSource = Blank(a.Source);
        send.AudienceStore = Blank(a.Store);
        send.AudienceFrom = UtcTime.From(a.From);
        send.AudienceTo = UtcTime.From(a.To);
        return send;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
