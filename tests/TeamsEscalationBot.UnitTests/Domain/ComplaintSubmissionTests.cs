using TeamsEscalationBot.Domain.Complaints;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Domain;

[TestClass]
public sealed class ComplaintSubmissionTests
{
    [TestMethod]
    public void ContentFingerprint_SameContentBuiltTwice_Equal()
    {
        Assert.AreEqual(Submission().ContentFingerprint(), Submission().ContentFingerprint());
    }

    [TestMethod]
    public void ContentFingerprint_KnownSubmission_StableAcrossVersions()
    {
        // Fingerprints are stored: if this changes, retries of existing complaints would report conflicts.
        // The value was checked independently (Python hashlib over the canonical form in docs/domain.md).
        Assert.AreEqual("41f597b270dc7230a252fdae198b9668c129e150d612024e38415eca79306f02", Submission().ContentFingerprint());
    }

    [TestMethod]
    public void ContentFingerprint_RequesterResolvedFromUpn_Unchanged()
    {
        var byUpn = Submission() with { Requester = new Requester(null, "carla@contoso.example", "Carla Méndez", null) };

        Assert.AreEqual(byUpn.ContentFingerprint(), (byUpn with { ResolvedRequesterAadObjectId = "aad-cm" }).ContentFingerprint());
    }

    [TestMethod]
    public void Receive_RequesterResolvedFromUpn_StoredAsTheRequestersObjectId()
    {
        var byUpn = Submission() with { Requester = new Requester(null, "carla@contoso.example", "Carla Méndez", null), ResolvedRequesterAadObjectId = "aad-cm" };

        var complaint = Received(byUpn);

        Assert.AreEqual(new Requester("aad-cm", "carla@contoso.example", "Carla Méndez", null), complaint.Requester);
        Assert.AreEqual(byUpn.ContentFingerprint(), complaint.ContentFingerprint);
    }

    [TestMethod]
    public void Receive_RequesterSentWithObjectId_ResolvedIdIgnored()
    {
        var complaint = Received(Submission() with { ResolvedRequesterAadObjectId = "someone-else" });

        Assert.AreEqual("aad-cm", complaint.Requester!.AadObjectId);
    }

    [TestMethod]
    public void ContentFingerprint_Always_LowercaseSha256Hex()
    {
        Assert.MatchesRegex("^[0-9a-f]{64}$", Submission().ContentFingerprint());
    }

    [TestMethod]
    [DataRow("source")]
    [DataRow("externalId")]
    [DataRow("network")]
    [DataRow("authorHandle")]
    [DataRow("text")]
    [DataRow("postUrl")]
    [DataRow("language")]
    [DataRow("priority")]
    [DataRow("category")]
    [DataRow("departmentId")]
    [DataRow("requester.aadObjectId")]
    [DataRow("requester.upn")]
    [DataRow("requester.displayName")]
    [DataRow("requester.teamsUserId")]
    [DataRow("requester")]
    [DataRow("callbackUrl")]
    public void ContentFingerprint_OneFieldChanged_Differs(string field)
    {
        var original = Submission();
        var requester = original.Requester!;
        var changed = field switch
        {
            "source" => original with { Source = "other-tool" },
            "externalId" => original with { ExternalId = "post-43" },
            "network" => original with { Network = Network.Facebook },
            "authorHandle" => original with { AuthorHandle = "@someone_else" },
            "text" => original with { Text = original.Text + "!" },
            "postUrl" => original with { PostUrl = new Uri("https://x.com/angry_customer/status/43") },
            "language" => original with { Language = "es" },
            "priority" => original with { Priority = Priority.Critical },
            "category" => original with { Category = "billing" },
            "departmentId" => original with { DepartmentId = "billing" },
            "requester.aadObjectId" => original with { Requester = requester with { AadObjectId = "other" } },
            "requester.upn" => original with { Requester = requester with { Upn = "other@contoso.example" } },
            "requester.displayName" => original with { Requester = requester with { DisplayName = "Other" } },
            "requester.teamsUserId" => original with { Requester = requester with { TeamsUserId = "29:other" } },
            "requester" => original with { Requester = null },
            "callbackUrl" => original with { CallbackUrl = null },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown field."),
        };

        Assert.AreNotEqual(original.ContentFingerprint(), changed.ContentFingerprint());
    }

    [TestMethod]
    public void ContentFingerprint_ValueMovedAcrossFieldBoundary_Differs()
    {
        var a = Submission() with { AuthorHandle = "@ab", Text = "c" };
        var b = Submission() with { AuthorHandle = "@a", Text = "bc" };

        Assert.AreNotEqual(a.ContentFingerprint(), b.ContentFingerprint());
    }

    [TestMethod]
    public void ContentFingerprint_EmptyOrNullOptionalAndLanguageCase_Equal()
    {
        var withNulls = Submission() with { Category = null, Language = "en" };
        var withEmpty = Submission() with { Category = "", Language = "EN" };

        Assert.AreEqual(withNulls.ContentFingerprint(), withEmpty.ContentFingerprint());
    }

    [TestMethod]
    public void Validate_ValidSubmission_NoErrors()
    {
        Assert.IsEmpty(Submission().Validate());
    }

    [TestMethod]
    public void Validate_OnlyRequiredFields_NoErrors()
    {
        var minimal = new ComplaintSubmission
        {
            Source = "teams",
            ExternalId = "m-1",
            Network = Network.Other,
            AuthorHandle = "someone",
            Text = "It broke.",
        };

        Assert.IsEmpty(minimal.Validate());
        Assert.AreEqual(Priority.Normal, minimal.Priority);
    }

    [TestMethod]
    [DataRow("source")]
    [DataRow("externalId")]
    [DataRow("authorHandle")]
    [DataRow("text")]
    public void Validate_RequiredFieldBlank_ErrorNamesField(string field)
    {
        var submission = field switch
        {
            "source" => Submission() with { Source = " " },
            "externalId" => Submission() with { ExternalId = "" },
            "authorHandle" => Submission() with { AuthorHandle = "\t" },
            _ => Submission() with { Text = "" },
        };

        var error = Assert.ContainsSingle(submission.Validate());

        Assert.AreEqual(field, error.Field);
        Assert.Contains(field, error.Message);
    }

    [TestMethod]
    [DataRow("ftp://files.example/post")]
    [DataRow("mailto:someone@example.com")]
    [DataRow("javascript:alert(1)")]
    [DataRow("file:///etc/passwd")]
    public void Validate_PostUrlNotHttp_ErrorNamesPostUrl(string url)
    {
        var error = Assert.ContainsSingle((Submission() with { PostUrl = new Uri(url) }).Validate());

        Assert.AreEqual("postUrl", error.Field);
    }

    [TestMethod]
    public void Validate_RelativeCallbackUrl_ErrorNamesCallbackUrl()
    {
        var submission = Submission() with { CallbackUrl = new Uri("/callbacks/42", UriKind.Relative) };

        Assert.AreEqual("callbackUrl", Assert.ContainsSingle(submission.Validate()).Field);
    }

    [TestMethod]
    public void Validate_TextOverLimit_ErrorNamesText()
    {
        var submission = Submission() with { Text = new string('x', ComplaintLimits.MaxComplaintTextLength + 1) };

        Assert.AreEqual("text", Assert.ContainsSingle(submission.Validate()).Field);
    }

    [TestMethod]
    public void Validate_UndefinedEnums_ErrorsNameFields()
    {
        var submission = Submission() with { Network = (Network)99, Priority = (Priority)99 };

        Assert.AreSequenceEqual(new[] { "network", "priority" }, submission.Validate().Select(e => e.Field));
    }
}
