using System.Collections.Frozen;
using System.Reflection;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// Every <c>code</c> a JSON error answer can carry, in one place: the contract clients (the mini-program, POS
/// software, scripts) branch on, while titles may be reworded. A code is lower_snake_case and never changes meaning;
/// <see cref="ApiProblem"/> refuses one that is not listed here.
/// </summary>
internal static class ProblemCodes
{
    // The request itself.
    public const string BadRequest = "bad_request";
    public const string ValidationFailed = "validation_failed";
    public const string InvalidJson = "invalid_json";
    public const string JsonRequired = "json_required";
    public const string BodyTooLarge = "body_too_large";
    public const string AntiforgeryInvalid = "antiforgery_invalid";
    public const string InvalidFilter = "invalid_filter";
    public const string InvalidPeriod = "invalid_period";
    public const string TooManyLines = "too_many_lines";
    public const string ReasonRequired = "reason_required";
    public const string InvalidIdempotencyKey = "invalid_idempotency_key";

    // Who is asking.
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string SignatureInvalid = "signature_invalid";
    public const string RateLimited = "rate_limited";

    // What was asked for.
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Conflict = "conflict";
    public const string ChangedMeanwhile = "changed_meanwhile";
    public const string InternalError = "internal_error";
    public const string Unavailable = "unavailable";
    public const string WechatUnavailable = "wechat_unavailable";
    public const string WechatError = "wechat_error";

    // Campaigns and their set-up.
    public const string CampaignNotFound = "campaign_not_found";
    public const string CampaignEnded = "campaign_ended";
    public const string SlugTaken = "slug_taken";
    public const string UnknownStatus = "unknown_status";
    public const string StatusTransition = "status_transition_refused";
    public const string NotALuckyDraw = "not_a_lucky_draw";
    public const string PrizeNotFound = "prize_not_found";
    public const string NoCouponPool = "no_coupon_pool";
    public const string CodeImportRaced = "code_import_conflict";
    public const string InventoryBelowWon = "inventory_below_won";
    public const string InvalidStoreName = "invalid_store_name";
    public const string StoreQrNotFound = "store_qr_not_found";
    public const string UnknownStores = "unknown_stores";
    public const string RulesLocked = "rules_locked";
    public const string RulesNotPublishable = "rules_not_publishable";
    public const string RulesNotFound = "rules_not_found";
    public const string PolicyVersionTaken = "policy_version_taken";
    public const string ReplyNotFound = "reply_not_found";
    public const string MenuInvalid = "menu_invalid";

    // Taking part.
    public const string CampaignNotActive = "campaign_not_active";
    public const string ChannelNotOffered = "channel_not_offered";
    public const string ConsentRequired = "consent_required";
    public const string PolicyOutdated = "policy_outdated";
    public const string PurposeNotAsked = "purpose_not_asked";
    public const string InvalidPhone = "invalid_phone";
    public const string PhoneRequired = "phone_required";
    public const string SmsCodeRequired = "sms_code_required";
    public const string SmsCodeInvalid = "sms_code_invalid";
    public const string SmsCodeExpired = "sms_code_expired";
    public const string SmsCodeTooSoon = "sms_code_too_soon";
    public const string SmsCodeLimit = "sms_code_limit";
    public const string SmsUnavailable = "sms_unavailable";
    public const string NoCodeSent = "no_code_sent";
    public const string PhoneCodeInvalid = "phone_code_invalid";
    public const string SmsVerificationRequired = "sms_verification_required";
    public const string WechatPhoneUnavailable = "wechat_phone_unavailable";
    public const string PhoneComponentInvalid = "phone_component_invalid";
    public const string ParticipantBlocked = "participant_blocked";
    public const string RiskVerificationRequired = "risk_verification_required";
    public const string LimitReached = "limit_reached";
    public const string LimitAddress = "limit_address";
    public const string LimitSegment = "limit_segment";
    public const string LimitDevice = "limit_device";
    public const string LimitStore = "limit_store";
    public const string PrizesNotIssuable = "prizes_not_issuable";
    public const string SoldOut = "sold_out";
    public const string LoginCodeRequired = "code_required";
    public const string LoginCodeMalformed = "login_code_malformed";
    public const string LoginCodeInvalid = "login_code_invalid";
    public const string WechatLoginUnavailable = "wechat_login_unavailable";
    public const string NotMiniProgram = "not_mini_program";
    public const string UnknownTemplate = "unknown_template";
    public const string InvalidSubscribeResult = "invalid_result";

    // Coupons at the till.
    public const string CouponUnknown = "coupon_unknown";
    public const string CouponAmbiguous = "coupon_ambiguous";
    public const string CouponRedeemed = "coupon_redeemed";
    public const string CouponExpired = "coupon_expired";
    public const string CouponVoided = "coupon_voided";
    public const string CouponNotYetValid = "coupon_not_yet_valid";
    public const string CouponNotValidHere = "coupon_not_valid_here";
    public const string CouponOutsideHours = "coupon_outside_hours";
    public const string CouponNotIssued = "coupon_not_issued";
    public const string StoreNotAllowed = "store_not_allowed";
    public const string TokenExpired = "token_expired";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string IdempotencyKeyRequired = "idempotency_key_required";
    public const string InvalidRedemption = "invalid_redemption";
    public const string RedemptionUnknown = "redemption_unknown";
    public const string ReversalWindowPassed = "reversal_window_passed";
    public const string InvalidOrderId = "invalid_order_id";
    public const string InvalidAmount = "invalid_amount";

    // Prizes sent by post.
    public const string ClaimClosed = "claim_closed";
    public const string DeliveryConsentRequired = "delivery_consent_required";
    public const string InvalidAddress = "invalid_address";
    public const string UnknownFulfilmentState = "unknown_state";
    public const string InvalidTracking = "invalid_tracking";
    public const string FulfilmentNotFound = "fulfilment_not_found";
    public const string WrongFulfilmentState = "wrong_state";

    // People's data and rights.
    public const string LeadNotFound = "lead_not_found";
    public const string UnknownAudience = "unknown_audience";
    public const string UnmaskedForCompliance = "unmasked_for_compliance";
    public const string FollowerNotFound = "follower_not_found";
    public const string RequestNotOpen = "request_not_open";
    public const string NothingToCorrect = "nothing_to_correct";
    public const string PhoneInCampaign = "phone_in_campaign";
    public const string CampaignNotJoined = "campaign_not_joined";
    public const string AlreadyListed = "already_listed";
    public const string ListEntryNotFound = "list_entry_not_found";

    // Marketing sends.
    public const string SendNotFound = "send_not_found";
    public const string SendFinished = "send_finished";

    // Staff accounts.
    public const string StaffAccountNotFound = "staff_account_not_found";
    public const string StaffAccountNameTaken = "staff_account_name_taken";
    public const string StaffAccountInConfiguration = "staff_account_in_configuration";
    public const string OwnStaffAccount = "own_staff_account";
    public const string LastComplianceAccount = "last_compliance_account";
    public const string PasswordWrong = "password_wrong";
    public const string TotpRequired = "totp_required";
    public const string TestTargetMissing = "test_target_missing";

    // The audit log.
    public const string AuditLogBroken = "audit_log_broken";
    public const string CheckpointInvalid = "checkpoint_invalid";
    public const string CheckpointSignatureInvalid = "checkpoint_signature_invalid";

    // Providers calling us.
    public const string SmsCallbackMalformed = "sms_callback_malformed";
    public const string StorageUnavailable = "storage_unavailable";

    // The sandbox's own controls (development only).
    public const string SandboxRequestInvalid = "sandbox_request_invalid";

    /// <summary>Every code above, for the check in <see cref="ApiProblem"/> and the tests.</summary>
    public static readonly FrozenSet<string> All = typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToFrozenSet();

    /// <summary>The code an answer without one gets from its status alone (a 404 for an unknown route, a validation problem…).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => BodyTooLarge,
        415 => JsonRequired,
        429 => RateLimited,
        503 => Unavailable,
        >= 500 => InternalError,
        _ => BadRequest,
    };
}
