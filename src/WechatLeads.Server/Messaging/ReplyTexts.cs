using System.Text.Json;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Messaging;

/// <summary>
/// The texts followers read, from <c>config/replies.json</c>, so marketing can change them without a
/// release. <c>{base}</c> becomes this deployment's public URL; <c>{promotion}</c> the current promotion.
/// </summary>
internal sealed class ReplyTexts
{
    public required string Welcome { get; init; }
    public required string CurrentPromotion { get; init; }
    public required string OptOutConfirmation { get; init; }
    public required string MyDataPath { get; init; }

    public static ReplyTexts Load(ConfigFiles files)
    {
        var texts = JsonSerializer.Deserialize<ReplyTexts>(files.ReadAllText("replies.json"), JsonDefaults.Web)
            ?? throw new InvalidOperationException("config/replies.json is empty.");
        if (!texts.OptOutConfirmation.Contains("退订", StringComparison.Ordinal))
            throw new InvalidOperationException("config/replies.json: optOutConfirmation must say the unsubscribe took effect (contain 退订).");
        if (!texts.OptOutConfirmation.Contains("{myData}", StringComparison.Ordinal))
            throw new InvalidOperationException("config/replies.json: optOutConfirmation must link the person's data page ({myData}).");
        return texts;
    }
}
