using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Features.Bot;
using TeamsEscalationBot.Features.Cards;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Intake;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Features.TeamsIntake;
using TeamsEscalationBot.Infrastructure;
using TeamsEscalationBot.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddStorage(builder.Configuration);
builder.Services.AddDirectory(builder.Configuration);
builder.Services.AddCards(builder.Configuration);
builder.Services.AddComplaints(builder.Configuration);
builder.Services.AddIntake(builder.Configuration);
builder.Services.AddTeamsIntake();
builder.Services.AddRelay(builder.Configuration);
builder.Services.AddEscalationBot(builder.Configuration);

var app = builder.Build();
app.UseRateLimiter();
app.MapServiceDefaults();
app.MapBotMessages();
app.MapIntakeApi();
app.MapOpenApi();
app.Run();
