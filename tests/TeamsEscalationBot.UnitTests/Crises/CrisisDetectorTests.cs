using System.Text.Json;
using System.Text.Json.Serialization;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Crises;
using static TeamsEscalationBot.UnitTests.Crises.CrisisFixture;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Crises;

[TestClass]
public sealed class CrisisDetectorTests
{
    private const CrisisOutcomeKind None = CrisisOutcomeKind.None;
    private const CrisisOutcomeKind Opened = CrisisOutcomeKind.Opened;
    private const CrisisOutcomeKind Joined = CrisisOutcomeKind.Joined;

    private static readonly JsonSerializerOptions StorageLikeOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly string[] AppCrashes =
    [
        "The app crashes every time I try to login",
        "App crashes at login again!!",
        "login = app crashes. Fix it @contoso",
        "Why does the app crash... no, it crashes on login",
        "Your app crashes when I login https://t.co/x1",
        "crashes crashes crashes, app login broken",
        "Can't login, the app crashes",
        "APP CRASHES ON LOGIN",
        "app crashes during login, unacceptable",
    ];

    private static readonly string[] ParcelLate =
    [
        "My parcel delivery is late",
        "Parcel delivery late again",
        "The courier lost my parcel, delivery failed",
        "Where is my parcel? Delivery was due Monday",
        "parcel delivery delayed by the courier",
        "Late parcel delivery, third time",
        "Delivery of my parcel never happened",
        "PARCEL DELIVERY: still waiting",
    ];

    [TestMethod]
    public void Feed_EightToOneDepartmentWithinThirtyMinutes_OneCrisisThatLaterComplaintsJoin()
    {
        var detector = Detector();

        var outcomes = detector.FeedAll(Burst(Billing, 10, 4, T0));

        Assert.AreSequenceEqual(Repeat(None, 7).Then(Opened, Joined, Joined), outcomes.Kinds().ToArray());
        var opened = outcomes[7].Crisis!;
        Assert.AreEqual(new CrisisTrait(CrisisTraitKind.Department, Billing), opened.Trait);
        Assert.AreEqual("Billing", opened.Headline);
        Assert.AreEqual(CrisisState.Open, opened.State);
        Assert.AreSequenceEqual(Enumerable.Range(1, 8).Select(i => $"billing-{i}").ToArray(), opened.ComplaintIds.ToArray());
        Assert.AreEqual(T0, opened.StartedAt);
        Assert.AreEqual(Minute(28), opened.OpenedAt);
        var latest = outcomes[9].Crisis!;
        Assert.AreEqual(opened.Id, latest.Id);
        Assert.HasCount(10, latest.ComplaintIds);
        Assert.AreEqual(Minute(36), latest.LastUpdatedAt);
        Assert.AreEqual(T0, latest.StartedAt);
        Assert.HasCount(1, detector.Crises);
        Assert.AreEqual(latest, detector.Find(opened.Id));
    }

    [TestMethod]
    public void Feed_SevenWithinThirtyMinutes_NoCrisis()
    {
        var outcomes = Detector().FeedAll(Burst(Billing, 8, 5, T0));

        // The eighth arrives at 35 minutes, when the first has left the window: still seven.
        Assert.AreSequenceEqual(Repeat(None, 8), outcomes.Kinds().ToArray());
    }

    [TestMethod]
    public void Feed_EightSpreadOverTwoHours_NoCrisis()
    {
        var outcomes = Detector().FeedAll(Burst(Billing, 8, 17, T0));

        Assert.AreSequenceEqual(Repeat(None, 8), outcomes.Kinds().ToArray());
    }

    [TestMethod]
    [DataRow(30.0, CrisisOutcomeKind.Opened)]
    [DataRow(30.5, CrisisOutcomeKind.None)]
    public void Feed_EighthAtTheEdgeOfTheWindow_OpensOnlyWithinIt(double lastMinute, CrisisOutcomeKind expected)
    {
        var detector = Detector();
        detector.FeedAll(Burst(Billing, 7, 1, T0));

        var last = detector.Feed(Unrelated(Billing, 8, Minute(lastMinute)));

        Assert.AreEqual(expected, last.Kind);
    }

    [TestMethod]
    public void Feed_TwoDepartmentsAtOnce_TwoCrises()
    {
        var billing = Burst(Billing, 8, 3, T0).ToList();
        var logistics = Burst(Logistics, 8, 3, T0.AddSeconds(30)).ToList();
        var detector = Detector();

        var outcomes = detector.FeedAll(billing.Zip(logistics).SelectMany(pair => new[] { pair.First, pair.Second }));

        var opened = outcomes.Where(o => o.Kind == Opened).Select(o => o.Crisis!).ToList();
        Assert.HasCount(2, opened);
        Assert.AreEqual(new CrisisTrait(CrisisTraitKind.Department, Billing), opened[0].Trait);
        Assert.AreEqual(new CrisisTrait(CrisisTraitKind.Department, Logistics), opened[1].Trait);
        Assert.AreNotEqual(opened[0].Id, opened[1].Id);
        Assert.IsFalse(opened[0].ComplaintIds.Intersect(opened[1].ComplaintIds).Any());
        Assert.HasCount(2, detector.Crises);
    }

    [TestMethod]
    public void Feed_TwoWordClustersAcrossDepartments_TwoKeywordCrises()
    {
        var complaints = new List<IncomingComplaint>();
        for (var i = 0; i < 8; i++)
        {
            complaints.Add(Saying($"a-{i}", $"d{i % 4}", Minute(i * 3), AppCrashes[i]));
            complaints.Add(Saying($"p-{i}", $"d{(i + 2) % 4}", Minute((i * 3) + 1), ParcelLate[i]));
        }

        var detector = Detector();
        var outcomes = detector.FeedAll(complaints);
        var joined = detector.Feed(Saying("a-8", "d1", Minute(25), AppCrashes[8]));

        var opened = outcomes.Where(o => o.Kind == Opened).Select(o => o.Crisis!).ToList();
        Assert.HasCount(2, opened);
        Assert.AreEqual(new CrisisTrait(CrisisTraitKind.Keywords, "app crashes login"), opened[0].Trait);
        Assert.AreEqual("app, crashes, login", opened[0].Headline);
        Assert.AreSequenceEqual(Enumerable.Range(0, 8).Select(i => $"a-{i}").ToArray(), opened[0].ComplaintIds.ToArray());
        Assert.AreEqual(new CrisisTrait(CrisisTraitKind.Keywords, "delivery parcel"), opened[1].Trait);
        Assert.AreEqual("delivery, parcel", opened[1].Headline);
        Assert.AreSequenceEqual(Enumerable.Range(0, 8).Select(i => $"p-{i}").ToArray(), opened[1].ComplaintIds.ToArray());
        Assert.AreEqual(Joined, joined.Kind);
        Assert.AreEqual(opened[0].Id, joined.Crisis!.Id);
    }

    [TestMethod]
    public void Feed_SpanishComplaintsWithAccentsAndStopWords_ClusterOnTheWordsTheyShare()
    {
        string[] texts =
        [
            "La app no funciona",
            "¡La APP no funcióna desde ayer!",
            "Otra vez la app no funciona 😡",
            "@marca la app NO FUNCIONA https://t.co/abc",
            "No funciona la app, qué vergüenza",
            "¿Por qué no funciona la app?",
            "La app sigue sin funcionar... y no funciona nada",
            "Hoy tampoco funciona la app de @marca",
        ];
        var detector = Detector();

        var outcomes = detector.FeedAll(texts.Select((text, i) => Saying($"es-{i}", $"d{i % 4}", Minute(i * 2), text)));
        var joined = detector.Feed(Saying("es-8", "d9", Minute(20), "la APP todavía no funciona"));

        Assert.AreSequenceEqual(Repeat(None, 7).Then(Opened), outcomes.Kinds().ToArray());
        var crisis = outcomes[7].Crisis!;
        Assert.AreEqual(new CrisisTrait(CrisisTraitKind.Keywords, "app funciona"), crisis.Trait);
        Assert.AreEqual("app, funciona", crisis.Headline);
        Assert.AreEqual(Joined, joined.Kind);
    }

    [TestMethod]
    public void Feed_AfterRestoringTheSnapshot_NothingOpensTwice()
    {
        var first = Detector();
        var opened = first.FeedAll(Burst(Billing, 8, 3, T0))[7].Crisis!;
        var json = JsonSerializer.Serialize(first.ToSnapshot(), StorageLikeOptions);

        var restored = Detector(snapshot: JsonSerializer.Deserialize<CrisisDetectorSnapshot>(json, StorageLikeOptions));
        var roundTrip = JsonSerializer.Serialize(restored.ToSnapshot(), StorageLikeOptions);
        var replayed = restored.FeedAll(Burst(Billing, 8, 3, T0));
        var next = restored.Feed(Unrelated(Billing, 9, Minute(25)));

        Assert.AreEqual(json, roundTrip);
        Assert.AreSequenceEqual(Repeat(None, 8), replayed.Kinds().ToArray());
        Assert.AreEqual(Joined, next.Kind);
        Assert.AreEqual(opened.Id, next.Crisis!.Id);
        Assert.HasCount(9, next.Crisis.ComplaintIds);
        Assert.HasCount(1, restored.Crises);
    }

    [TestMethod]
    public void Feed_SnapshotWithDefaultJsonOptions_RoundTrips()
    {
        var first = Detector();
        first.FeedAll(Burst(Billing, 8, 3, T0));
        var json = JsonSerializer.Serialize(first.ToSnapshot());

        var restored = Detector(snapshot: JsonSerializer.Deserialize<CrisisDetectorSnapshot>(json));

        Assert.AreEqual(json, JsonSerializer.Serialize(restored.ToSnapshot()));
    }

    [TestMethod]
    public void Feed_SameStreamTwice_SameCrisisId()
    {
        var stream = Burst(Billing, 8, 3, T0).ToList();

        var first = Detector().FeedAll(stream)[7].Crisis!;
        var second = Detector().FeedAll(stream)[7].Crisis!;

        Assert.AreEqual(first.Id, second.Id);
        Assert.AreEqual(CrisisDetector.CrisisIdFor(first.Trait, "billing-1"), first.Id);
        Assert.AreNotEqual(CrisisDetector.CrisisIdFor(first.Trait, "billing-2"), first.Id);
        Assert.AreNotEqual(CrisisDetector.CrisisIdFor(new CrisisTrait(CrisisTraitKind.Category, Billing), "billing-1"), first.Id);
    }

    [TestMethod]
    public void Feed_SameComplaintTwice_SecondIsNone()
    {
        var detector = Detector();
        detector.FeedAll(Burst(Billing, 7, 3, T0));
        var before = JsonSerializer.Serialize(detector.ToSnapshot());

        var again = detector.Feed(Unrelated(Billing, 7, Minute(18)));

        Assert.AreEqual(None, again.Kind);
        Assert.AreEqual(before, JsonSerializer.Serialize(detector.ToSnapshot()));
    }

    [TestMethod]
    public void MarkHandled_ThenMoreDuringCoolDown_TheyJoinTheHandledCrisis_AfterCoolDownAFreshBurstOpensANewOne()
    {
        var detector = Detector();
        var opened = detector.FeedAll(Burst(Billing, 8, 3, T0))[7].Crisis!;

        var handled = detector.MarkHandled(opened.Id, "Carla Méndez", Minute(22))!;
        var during = detector.FeedAll(Burst(Billing, 8, 3, Minute(23), firstNumber: 9));
        var after = detector.FeedAll(Burst(Billing, 8, 3, Minute(53), firstNumber: 17));

        Assert.AreEqual(CrisisState.Handled, handled.State);
        Assert.AreEqual("Carla Méndez", handled.HandledBy);
        Assert.AreEqual(Minute(22), handled.HandledAt);
        Assert.AreEqual(Minute(52), handled.CoolDownEndsAt, "the cool-down is the crisis's window by default");
        Assert.AreSequenceEqual(Repeat(Joined, 8), during.Kinds().ToArray());
        Assert.AreEqual(CrisisState.Handled, during[^1].Crisis!.State);
        Assert.HasCount(16, during[^1].Crisis!.ComplaintIds);
        Assert.AreSequenceEqual(Repeat(None, 7).Then(Opened), after.Kinds().ToArray());
        var fresh = after[7].Crisis!;
        Assert.AreNotEqual(opened.Id, fresh.Id);
        Assert.AreSequenceEqual(Enumerable.Range(17, 8).Select(i => $"billing-{i}").ToArray(), fresh.ComplaintIds.ToArray());
        Assert.AreSequenceEqual(new[] { fresh.Id }, detector.Crises.Select(c => c.Id).ToArray());
    }

    [TestMethod]
    public void MarkHandled_ConfiguredCoolDown_Used()
    {
        var detector = Detector(new CrisisOptions { CoolDown = TimeSpan.FromHours(2) });
        var opened = detector.FeedAll(Burst(Billing, 8, 3, T0))[7].Crisis!;

        Assert.AreEqual(Minute(142), detector.MarkHandled(opened.Id, "Carla", Minute(22))!.CoolDownEndsAt);
    }

    [TestMethod]
    public void MarkHandled_Twice_KeepsTheFirst()
    {
        var detector = Detector();
        var opened = detector.FeedAll(Burst(Billing, 8, 3, T0))[7].Crisis!;
        var first = detector.MarkHandled(opened.Id, "Carla", Minute(22));

        var second = detector.MarkHandled(opened.Id, "Luis", Minute(23));

        Assert.AreEqual(first, second);
        Assert.AreEqual("Carla", second!.HandledBy);
    }

    [TestMethod]
    public void MarkHandled_UnknownCrisis_Null()
    {
        Assert.IsNull(Detector().MarkHandled("crisis-unknown", "Carla", T0));
    }

    [TestMethod]
    public void Feed_PerDepartmentThresholds_EachDepartmentJudgedByItsOwn()
    {
        var options = new CrisisOptions
        {
            Departments = new Dictionary<string, CrisisThreshold>
            {
                ["VIP"] = new() { Complaints = 3, Window = TimeSpan.FromMinutes(10) },
                [Support] = new() { Complaints = 20, Window = TimeSpan.FromMinutes(60) },
            },
        };
        var detector = Detector(options);

        var vip = detector.FeedAll(Burst("vip", 3, 4, T0));
        var support = detector.FeedAll(Burst(Support, 8, 3, T0));
        var billing = detector.FeedAll(Burst(Billing, 8, 3, T0));
        var slowVip = Detector(options).FeedAll(Burst("vip", 3, 6, T0));

        Assert.AreSequenceEqual(Repeat(None, 2).Then(Opened), vip.Kinds().ToArray());
        Assert.AreEqual("vip", vip[2].Crisis!.Headline, "a department without a configured name is shown by its id");
        Assert.AreSequenceEqual(Repeat(None, 8), support.Kinds().ToArray());
        Assert.AreEqual(Opened, billing[7].Kind);
        Assert.AreSequenceEqual(Repeat(None, 3), slowVip.Kinds().ToArray());
    }

    [TestMethod]
    public void Feed_BurstSharingDepartmentAndWords_OneCrisisByItsWords()
    {
        var detector = Detector();
        var outcomes = detector.FeedAll(AppCrashes.Take(8).Select((text, i) => Saying($"a-{i}", Billing, Minute(i), text)));

        var unrelated = detector.Feed(Unrelated(Billing, 1, Minute(9)));
        var related = detector.Feed(Saying("a-8", Billing, Minute(10), AppCrashes[8]));

        Assert.AreSequenceEqual(Repeat(None, 7).Then(Opened), outcomes.Kinds().ToArray());
        Assert.AreEqual(CrisisTraitKind.Keywords, outcomes[7].Crisis!.Trait.Kind);
        Assert.AreEqual(None, unrelated.Kind, "its department's other complaints are all in the crisis already");
        Assert.AreEqual(Joined, related.Kind);
        Assert.HasCount(1, detector.Crises);
    }

    [TestMethod]
    public void Feed_SameCategoryAcrossDepartments_CategoryCrisis()
    {
        string[] spellings = ["Facturación", "FACTURACION", "facturacion"];
        var detector = Detector();

        var outcomes = detector.FeedAll(Enumerable.Range(0, 8)
            .Select(i => Unrelated($"d{i % 4}", i, Minute(i * 2), category: spellings[i % 3])));
        var joined = detector.Feed(Unrelated("d9", 9, Minute(20), category: " facturación "));

        Assert.AreEqual(Opened, outcomes[7].Kind);
        Assert.AreEqual(new CrisisTrait(CrisisTraitKind.Category, "Facturación"), outcomes[7].Crisis!.Trait);
        Assert.AreEqual("Facturación", outcomes[7].Crisis!.Headline);
        Assert.AreEqual(Joined, joined.Kind);
    }

    [TestMethod]
    public void Feed_WordInMostRecentComplaints_LeftOutOfTheHeadline()
    {
        var detector = Detector();
        detector.FeedAll(BrandBaseline());

        var outcomes = detector.FeedAll(Enumerable.Range(0, 8)
            .Select(i => Saying($"r-{i}", $"d{i}", Minute(20 + i), $"Contoso refund missing zz{i}")));

        Assert.AreSequenceEqual(Repeat(None, 7).Then(Opened), outcomes.Kinds().ToArray());
        Assert.AreEqual("missing, refund", outcomes[7].Crisis!.Headline);
    }

    [TestMethod]
    public void Feed_OnlyOneUncommonWordShared_NoCrisisOnceTheOtherIsCommon()
    {
        var complaints = Enumerable.Range(0, 8).Select(i => Saying($"r-{i}", $"d{i}", Minute(20 + i), $"Contoso refund zz{i}")).ToList();
        var busy = Detector();
        busy.FeedAll(BrandBaseline());

        var withBaseline = busy.FeedAll(complaints);
        var quiet = Detector().FeedAll(complaints);

        Assert.AreSequenceEqual(Repeat(None, 8), withBaseline.Kinds().ToArray());
        Assert.AreEqual("contoso, refund", quiet[7].Crisis!.Headline, "with few complaints no word is common");
    }

    [TestMethod]
    public void Feed_IgnoredWords_NeverKeywords()
    {
        var detector = Detector(new CrisisOptions { IgnoredWords = ["Contoso"] });

        var outcomes = detector.FeedAll(Enumerable.Range(0, 8).Select(i => Saying($"r-{i}", $"d{i}", Minute(i), $"Contoso refund zz{i}")));

        Assert.AreSequenceEqual(Repeat(None, 8), outcomes.Kinds().ToArray());
    }

    [TestMethod]
    public void Feed_ManyComplaints_SamplesBoundedNetworksCounted()
    {
        Network[] networks = [Network.X, Network.Facebook, Network.X, Network.Instagram, Network.X, Network.Facebook, Network.X, Network.X, Network.TikTok, Network.X];
        var detector = Detector(new CrisisOptions { MaxSampleLength = 12 });

        var outcomes = detector.FeedAll(networks.Select((network, i) =>
            new IncomingComplaint($"c-{i}", Minute(i), Billing, null, $"Complaint number{i}   with\nlong text", network)));

        var opened = outcomes[7].Crisis!;
        Assert.AreSequenceEqual(new[] { "Complaint n…", "Complaint n…", "Complaint n…" }, opened.Samples.ToArray());
        Assert.AreSequenceEqual(
            new[] { new NetworkCount(Network.X, 5), new NetworkCount(Network.Facebook, 2), new NetworkCount(Network.Instagram, 1) },
            opened.Networks.ToArray());
        var last = outcomes[9].Crisis!;
        Assert.HasCount(3, last.Samples);
        Assert.AreSequenceEqual(
            new[] { new NetworkCount(Network.X, 6), new NetworkCount(Network.Facebook, 2), new NetworkCount(Network.Instagram, 1), new NetworkCount(Network.TikTok, 1) },
            last.Networks.ToArray());
    }

    [TestMethod]
    public void Feed_LateComplaint_JoinsAnOpenCrisisButStartsNothing()
    {
        var detector = Detector();
        detector.FeedAll(Burst(Billing, 8, 3, T0));
        detector.Feed(Unrelated(Support, 1, Minute(120)));

        var late = detector.Feed(Unrelated(Billing, 99, Minute(30)));
        var lateElsewhere = detector.Feed(Unrelated(Logistics, 1, Minute(30)));

        Assert.AreEqual(Joined, late.Kind);
        Assert.AreEqual(None, lateElsewhere.Kind);
        Assert.IsFalse(detector.ToSnapshot().Recent.Any(r => r.Id == "logistics-1"));
    }

    [TestMethod]
    public void Feed_OldComplaintsLeaveTheWindow_MemoryBounded()
    {
        var detector = Detector();
        detector.FeedAll(Burst(Support, 5, 10, T0));

        detector.Feed(Unrelated(Billing, 1, Minute(65)));

        var recent = detector.ToSnapshot().Recent.Select(r => r.Id).ToArray();
        Assert.AreSequenceEqual(new[] { "support-5", "billing-1" }, recent);
        Assert.AreEqual(Minute(65), detector.ToSnapshot().Clock);
    }

    [TestMethod]
    public void Constructor_InvalidOptions_ThrowsListingTheProblems()
    {
        var options = new CrisisOptions { Default = new CrisisThreshold { Complaints = 1 }, MinSharedKeywords = 0 };

        var thrown = Assert.ThrowsExactly<ArgumentException>(() => new CrisisDetector(options));

        Assert.Contains("Default.Complaints", thrown.Message);
        Assert.Contains("MinSharedKeywords", thrown.Message);
    }

    [TestMethod]
    public void IncomingComplaint_FromReassignedComplaint_RoutedDepartmentAndReceiptTime()
    {
        var complaint = Complaint.Receive("c-1", Submission(category: "Facturación"), RoutedTo(Logistics), Api, T0);
        MustSucceed(complaint.RecordCardPosted(Card(Logistics), Minute(1)));
        MustSucceed(complaint.Reassign(Ana, Billing, "Not ours.", Minute(2)));

        var incoming = IncomingComplaint.From(complaint);

        Assert.AreEqual(new IncomingComplaint("c-1", T0, Logistics, "Facturación", "My invoice is wrong", Network.X), incoming);
    }

    /// <summary>Twenty complaints in 20 minutes over ten departments, each saying "Contoso" and nothing else in common.</summary>
    private static IEnumerable<IncomingComplaint> BrandBaseline() =>
        Enumerable.Range(0, 20).Select(i => Saying($"base-{i}", $"d{i % 10}", Minute(i), $"Contoso zq{i} xv{i}"));
}
