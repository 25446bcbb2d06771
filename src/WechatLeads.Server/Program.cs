using Scalar.AspNetCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Analytics;
using WechatLeads.Server.Anomalies;
using WechatLeads.Server.Audit;
using WechatLeads.Server.AuthorizationChanges;
using WechatLeads.Server.CampaignConsole;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Compliance;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Data;
using WechatLeads.Server.DataRights;
using WechatLeads.Server.DrawRules;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Fulfilment;
using WechatLeads.Server.H5;
using WechatLeads.Server.Health;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.KeywordReplies;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Menu;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.MiniProgram;
using WechatLeads.Server.Participation;
using WechatLeads.Server.PhoneProof;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Privacy;
using WechatLeads.Server.Retention;
using WechatLeads.Server.Risk;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.Security;
using WechatLeads.Server.Sms;
using WechatLeads.Server.Staff;
using WechatLeads.Server.Stores;
using WechatLeads.Server.SubscribeMessages;
using WechatLeads.Server.Telemetry;
using WechatLeads.Server.TestSends;
using WechatLeads.Server.Unsubscribe;
using WechatLeads.Server.WechatApi;

if (StaffPasswords.RunCommand(args)) return; // dotnet WechatLeads.Server.dll hash-password

var builder = WebApplication.CreateBuilder(args);
// Catch a missing registration at start-up in every environment, not in a background job at 3 a.m.
builder.Host.UseDefaultServiceProvider(o => { o.ValidateOnBuild = true; o.ValidateScopes = true; });

builder.AddPlatform();
builder.AddTelemetry();
builder.AddReverseProxySupport();
builder.AddSecurityHeaders();
builder.AddLeadsDatabase();
// After the database: its hosted services (migrations) start first, and data protection reads its key ring from a table.
builder.AddSecurity();
// After the database too: Razor components register data protection, whose start-up key-ring read needs the tables.
builder.AddServerPages();
builder.AddBackgroundJobs();
builder.AddWechatClients();
builder.AddWechatMessaging();
builder.AddConsent();
builder.AddFollowers();
builder.AddMenu();
builder.AddUnsubscribe();
builder.AddAuthorizationChanges();
builder.AddSubscribeMessages();
builder.AddKeywordReplies();
builder.AddAudit();
builder.AddAdmin();
builder.AddStaff();
builder.AddH5();
builder.AddMiniProgram();
builder.AddLeads();
builder.AddCampaigns();
builder.AddPrivacy();
builder.AddPhoneProof();
builder.AddParticipation();
builder.AddStores();
builder.AddCoupons();
builder.AddFulfilment();
builder.AddAnalytics();
builder.AddAnomalies();
builder.AddRisk();
builder.AddDrawRules();
builder.AddSms();
builder.AddMarketing();
builder.Services.AddTestSends();
builder.AddRetention();
builder.AddDataRights();
builder.AddCompliance();
builder.AddSandbox();
builder.AddHealth();
builder.AddProblemPipeline();
builder.AddUiCulture();
builder.Services.AddOpenApi();
if (!builder.Environment.IsDevelopment()) builder.Logging.AddJsonConsole(); // structured logs for collectors

var app = builder.Build();

app.ValidateMenuFile();
app.UseReverseProxySupport();
app.UseSecurityHeaders();
app.UseProblemPipeline();
app.UseUiCulture();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseRequestBodyCaps(); // after the rate limiter: a refused request reads no body

app.MapWebAssets();
app.MapWechatWebhook();
app.MapMetrics();
app.MapAdmin();
app.MapStaff();
app.MapH5();
app.MapPrivacy();
app.MapPhoneProof();
app.MapParticipation();
app.MapCampaigns();
app.MapCampaignConsole();
app.MapStores();
app.MapCoupons();
app.MapFulfilment();
app.MapDrawRules();
app.MapRisk();
app.MapAnomalies();
app.MapAnalytics();
app.MapLeads();
app.MapUnsubscribe();
app.MapMenu();
app.MapKeywordReplies();
app.MapMarketing();
app.MapTestSends();
app.MapSubscribeMessages();
app.MapRetention();
app.MapDataRights();
app.MapCompliance();
app.MapAudit();
app.MapSandbox();
app.MapSms();
app.MapHealth();
app.MapOpenApi(); // /openapi/v1.json: the admin and mini-program JSON APIs
if (app.Environment.IsDevelopment()) app.MapScalarApiReference(); // /scalar: a browsable reference, in Development only
// The bare reference the benchmark compares every path with: routing and Kestrel, nothing else.
app.MapGet("/ping", () => Results.Text("success")).ExcludeFromDescription();
app.MapGet("/favicon.ico", () => Results.NoContent()).ExcludeFromDescription(); // every browser asks; nothing to show
app.MapGet(
    "/",
    (HttpContext http) => Results.Redirect(http.RequestServices.GetRequiredService<WechatAccount>().SandboxEnabledIn(app.Environment)
        ? "/sandbox"
        : "/healthz"))
    .ExcludeFromDescription();

app.Run();

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
