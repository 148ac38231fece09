using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Features.Bot;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Digest;
using TeamsEscalationBot.Features.Crises;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Escalation;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Features.Intake;
using TeamsEscalationBot.Features.Notifications;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Features.Reports;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Features.TeamsIntake;
using TeamsEscalationBot.Features.Workflow;
using TeamsEscalationBot.Infrastructure;
using TeamsEscalationBot.Storage;

// The settings (appsettings*.json, with the log filters) are read from the application folder, whatever the working
// directory; the embedded database's relative path still follows the working directory (StorageOptions.SqlitePath).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.Services.AddStorage(builder.Configuration);
builder.Services.AddDirectory(builder.Configuration);
builder.Services.AddCards(builder.Configuration);
builder.Services.AddInstallations();
builder.Services.AddComplaints(builder.Configuration);
builder.Services.AddSla(builder.Configuration);
builder.Services.AddIntake(builder.Configuration);
builder.Services.AddTeamsIntake();
builder.Services.AddWorkflow(builder.Configuration);
builder.Services.AddRelay(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddReports(builder.Configuration);
builder.Services.AddDigest(builder.Configuration);
builder.Services.AddCrises(builder.Configuration);
builder.Services.AddEscalation();
builder.Services.AddEscalationBot(builder.Configuration);

var app = builder.Build().ValidateConfiguration();
app.UseRateLimiter();
app.MapServiceDefaults();
app.MapAgentEndpoints();
app.MapIntakeApi();
app.MapReportsApi();
app.Run();
