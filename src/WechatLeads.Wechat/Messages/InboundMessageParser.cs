using System.Globalization;
using System.Text;
using System.Xml;

namespace WechatLeads.Wechat.Messages;

/// <summary>
/// Reads pushes with <see cref="XmlReader"/>: DTDs prohibited (no external entities, no entity expansion —
/// XXE and billion-laughs documents are refused), no resolver, bounded size. Fast: no DOM is built.
/// </summary>
public static class InboundMessageParser
{
    // Shared by the reply parser too. XmlReader.Create only reads the settings, so one instance is safe.
    internal static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = 2 * 1024 * 1024,
        MaxCharactersFromEntities = 0,
        CloseInput = true,
    };

    public static InboundMessage Parse(string xml)
    {
        var (fields, items) = ReadTopLevel(xml);
        string Required(string name) =>
            fields.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new WechatMessageFormatException($"Missing <{name}>.");

        var to = Required("ToUserName");
        var from = Required("FromUserName");
        if (!long.TryParse(Required("CreateTime"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var createTime))
            throw new WechatMessageFormatException("CreateTime is not a number.");
        var msgType = Required("MsgType");

        InboundMessage message = msgType switch
        {
            "text" => new TextMessage { ToUserName = to, FromUserName = from, MsgType = msgType },
            "image" => new ImageMessage { ToUserName = to, FromUserName = from, MsgType = msgType },
            "voice" => new VoiceMessage { ToUserName = to, FromUserName = from, MsgType = msgType },
            "video" or "shortvideo" => new VideoMessage { ToUserName = to, FromUserName = from, MsgType = msgType },
            "location" => new LocationMessage { ToUserName = to, FromUserName = from, MsgType = msgType },
            "link" => new LinkMessage { ToUserName = to, FromUserName = from, MsgType = msgType },
            "event" => EventOf(fields.TryGetValue("Event", out var e) ? e : "", to, from, msgType),
            _ => new UnknownMessage { ToUserName = to, FromUserName = from, MsgType = msgType },
        };
        return message with { CreateTime = createTime, Fields = fields, Items = items };
    }

    /// <summary>
    /// A safe-mode envelope, read without an XML parser (see <see cref="EnvelopeScanner"/>): it is not
    /// authenticated yet, so it must cost no more than one linear scan.
    /// </summary>
    public static EncryptedEnvelope ParseEnvelope(string xml) => EnvelopeScanner.Read(xml);

    private static EventMessage EventOf(string name, string to, string from, string msgType) => name.ToLowerInvariant() switch
    {
        "subscribe" => new SubscribeEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
        "unsubscribe" => new UnsubscribeEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
        "scan" => new ScanEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
        "click" => new ClickEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
        "view" => new ViewEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
        "templatesendjobfinish" => new TemplateSendJobFinishEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
        "user_authorization_revoke" or "user_authorization_cancellation" or "user_info_modified" =>
            new AuthorizationChangeEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
        "subscribe_msg_popup_event" or "subscribe_msg_change_event" or "subscribe_msg_sent_event" =>
            new SubscribeMessageEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
        _ => new UnknownEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
    };

    /// <summary>Longer than any field of a real push (a text message's Content is at most 2,048 bytes).</summary>
    public const int MaxFieldLength = 16 * 1024;

    /// <summary>A field is one CDATA section or text run, perhaps with whitespace around it: a handful, never thousands.</summary>
    public const int MaxTextNodesPerField = 8;

    /// <summary>Real pushes have a dozen or two top-level elements.</summary>
    public const int MaxTopLevelElements = 128;

    /// <summary>At most this many <c>&lt;List&gt;</c> items are kept (a subscribe popup asks for at most three templates).</summary>
    public const int MaxListItems = 16;

    /// <summary>
    /// The text of each direct child of the root (depth 1), and the items of a container's <c>&lt;List&gt;</c>
    /// children (SubscribeMsgPopupEvent → List → TemplateId…). Any other element with child elements
    /// (ScanCodeInfo, SendLocationInfo…) is kept with an empty value and its children are read past. Each
    /// field's text is built once from its parts, which are few and short: a body of thousands of tiny CDATA
    /// sections is refused as soon as a field has more than a handful, instead of being concatenated piece by piece.
    /// </summary>
    private static (Dictionary<string, string> Fields, List<Dictionary<string, string>> Items) ReadTopLevel(string xml)
    {
        if (string.IsNullOrWhiteSpace(xml)) throw new WechatMessageFormatException("Empty body.");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = new List<Dictionary<string, string>>();
        var text = new StringBuilder();
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            string? current = null;      // the depth-1 element being read
            string? itemField = null;    // the depth-3 element of a List item being read
            Dictionary<string, string>? item = null;
            var nested = false;
            var sawRoot = false;
            var nodes = 0;
            var elements = 0;
            void Append(string name, string value)
            {
                if (++nodes > MaxTextNodesPerField) throw new WechatMessageFormatException($"Too many text nodes in <{name}>.");
                if (text.Length + value.Length > MaxFieldLength) throw new WechatMessageFormatException($"<{name}> is too long.");
                text.Append(value);
            }
            void Finish()
            {
                if (current is not null && !nested) fields[current] = text.ToString();
                text.Clear();
                nodes = 0;
            }
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when reader.Depth == 0:
                        sawRoot = true;
                        break;
                    case XmlNodeType.Element when reader.Depth == 1:
                        Finish();
                        current = reader.LocalName;
                        nested = false;
                        fields[current] = "";
                        if (++elements > MaxTopLevelElements) throw new WechatMessageFormatException("Too many elements.");
                        break;
                    case XmlNodeType.Element when reader.Depth == 2 && current is not null:
                        nested = true;
                        fields[current] = "";
                        text.Clear();
                        nodes = 0;
                        item = null;
                        if (reader.LocalName == "List" && !reader.IsEmptyElement)
                        {
                            if (items.Count >= MaxListItems) throw new WechatMessageFormatException("Too many List items.");
                            item = new Dictionary<string, string>(StringComparer.Ordinal);
                            items.Add(item);
                        }
                        break;
                    case XmlNodeType.Element when reader.Depth == 3 && item is not null:
                        if (item.Count >= MaxTopLevelElements) throw new WechatMessageFormatException("Too many elements in a List item.");
                        itemField = reader.LocalName;
                        item[itemField] = "";
                        text.Clear();
                        nodes = 0;
                        break;
                    case XmlNodeType.EndElement when reader.Depth == 3 && item is not null && itemField is not null:
                        item[itemField] = text.ToString();
                        itemField = null;
                        text.Clear();
                        nodes = 0;
                        break;
                    case XmlNodeType.EndElement when reader.Depth == 2:
                        item = null;
                        break;
                    case XmlNodeType.EndElement when reader.Depth == 1:
                        Finish();
                        current = null;
                        break;
                    // Whitespace counts: a text message of only spaces is still its content.
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace
                        when reader.Depth == 2 && current is not null && !nested:
                        Append(current, reader.Value);
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA
                        when reader.Depth == 4 && item is not null && itemField is not null:
                        Append(itemField, reader.Value);
                        break;
                }
            }
            if (!sawRoot) throw new WechatMessageFormatException("No root element.");
        }
        catch (XmlException e)
        {
            throw new WechatMessageFormatException("Malformed XML (or a DTD, which is refused).", e);
        }
        return (fields, items);
    }
}

/// <summary>A safe-mode push before decryption.</summary>
public sealed record EncryptedEnvelope(string? ToUserName, string Encrypt);
