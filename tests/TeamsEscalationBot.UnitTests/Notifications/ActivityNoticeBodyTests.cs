using Microsoft.Graph.Models;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Notifications;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.UnitTests.Notifications;

/// <summary>The body of one activity-feed notice: the manifest's type and parameters, a text topic with its link, a short neutral preview.</summary>
[TestClass]
public sealed class ActivityNoticeBodyTests
{
    private static readonly Uri Link = new("https://teams.microsoft.com/l/message/19%3Abilling%40thread.tacv2/1700000000000?tenantId=t&parentMessageId=1700000000000");

    private static ActivityNoticeContent Content(string department = "Billing", string? by = "Ana Ruiz", Priority priority = Priority.High) =>
        new("C0123456789ABCDE", department, priority, by, Link);

    [TestMethod]
    public void Build_Assigned_TypeTextTopicWithLinkAndDepartmentParameterOnly()
    {
        var body = ActivityNoticeBody.Build(ActivityTypes.ComplaintAssigned, Content(), Texts.For("en"));

        Assert.AreEqual("complaintAssigned", body.ActivityType);
        Assert.AreEqual(TeamworkActivityTopicSource.Text, body.Topic!.Source);
        Assert.AreEqual(Link.AbsoluteUri, body.Topic.WebUrl);
        Assert.AreEqual("Complaint C0123456789ABCDE · Billing", body.Topic.Value);
        Assert.HasCount(1, body.TemplateParameters!);
        Assert.AreEqual("department", body.TemplateParameters![0].Name);
        Assert.AreEqual("Billing", body.TemplateParameters[0].Value);
        Assert.AreEqual("C0123456789ABCDE · Billing · High priority · assigned by Ana Ruiz", body.PreviewText!.Content);
    }

    [TestMethod]
    public void Build_EveryType_NoActorParameterTeamsFillsIt()
    {
        foreach (var type in ActivityTypes.All)
        {
            var body = ActivityNoticeBody.Build(type, Content(), Texts.For("en"));

            Assert.AreEqual(type, body.ActivityType);
            Assert.IsFalse(body.TemplateParameters!.Any(p => p.Name == "actor"), type);
        }
    }

    [TestMethod]
    public void Preview_AnswerReadyAndOverdue_SayWhatHappened()
    {
        Assert.AreEqual(
            "C0123456789ABCDE · Billing · answered by Ana Ruiz: accept it or send it back",
            ActivityNoticeBody.Preview(ActivityTypes.AnswerReady, Content(), Texts.For("en")));
        Assert.AreEqual(
            "C0123456789ABCDE · Billing · Critical priority · past its deadline",
            ActivityNoticeBody.Preview(ActivityTypes.ComplaintOverdue, Content(priority: Priority.Critical), Texts.For("en")));
        Assert.AreEqual(
            "C0123456789ABCDE · Billing · High priority",
            ActivityNoticeBody.Preview(ActivityTypes.ComplaintAssigned, Content(by: null), Texts.For("en")));
    }

    [TestMethod]
    public void Preview_Spanish_FromTheSpanishResources()
    {
        Assert.AreEqual(
            "C0123456789ABCDE · Facturación · prioridad Alta · asignada por Ana Ruiz",
            ActivityNoticeBody.Preview(ActivityTypes.ComplaintAssigned, Content("Facturación"), Texts.For("es")));
    }

    [TestMethod]
    public void Preview_LongNames_WithinTeamsLimitOf150()
    {
        var content = Content(new string('D', 400), new string('N', 400));

        foreach (var type in ActivityTypes.All)
        {
            var preview = ActivityNoticeBody.Preview(type, content, Texts.For("es"));
            Assert.IsLessThanOrEqualTo(ActivityNoticeBody.MaxPreviewChars, preview.Length, type);
        }

        var body = ActivityNoticeBody.Build(ActivityTypes.ComplaintAssigned, content, Texts.For("en"));
        Assert.IsLessThanOrEqualTo(ActivityNoticeBody.MaxTopicChars + 1, body.Topic!.Value!.Length);
        Assert.IsLessThanOrEqualTo(ActivityNoticeBody.MaxNameChars + 1, body.TemplateParameters![0].Value!.Length);
    }

    [TestMethod]
    public void Preview_HiddenCharactersAndLineBreaksInNames_RemovedOneLine()
    {
        var preview = ActivityNoticeBody.Preview(ActivityTypes.ComplaintAssigned, Content("Bill\u202Eing", "Ana\nRuiz\u200B"), Texts.For("en"));

        Assert.AreEqual("C0123456789ABCDE · Billing · High priority · assigned by Ana Ruiz", preview);
    }

    [TestMethod]
    public void Build_UndeclaredActivityType_Throws() =>
        Assert.ThrowsExactly<ArgumentException>(() => ActivityNoticeBody.Build("systemDefault", Content(), Texts.For("en")));
}
