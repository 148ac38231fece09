using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Features.Bot;
using TeamsEscalationBot.Infrastructure;
using TeamsEscalationBot.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddStorage(builder.Configuration);
builder.Services.AddEscalationBot(builder.Configuration);

var app = builder.Build();
app.MapServiceDefaults();
app.MapBotMessages();
app.Run();
