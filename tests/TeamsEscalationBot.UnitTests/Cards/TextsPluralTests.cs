using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.UnitTests.Cards;

/// <summary>Texts with a count take the plural form the viewer's language needs for it.</summary>
[TestClass]
public sealed class TextsPluralTests
{
    [TestMethod]
    [DataRow("en", 0, "0 earlier events are not shown.")]
    [DataRow("en", 1, "1 earlier event is not shown.")]
    [DataRow("en", 2, "2 earlier events are not shown.")]
    [DataRow("es", 0, "No se muestran 0 eventos anteriores.")]
    [DataRow("es", 1, "No se muestra 1 evento anterior.")]
    [DataRow("es", 2, "No se muestran 2 eventos anteriores.")]
    public void Plural_EarlierEvents_ZeroOneTwo(string locale, int count, string expected) =>
        Assert.AreEqual(expected, Texts.For(locale).Plural("Card_History_Earlier", count));

    [TestMethod]
    [DataRow("en", "Card_Ago_Minutes", "0 minutes ago", "1 minute ago", "2 minutes ago")]
    [DataRow("en", "Card_Ago_Hours", "0 hours ago", "1 hour ago", "2 hours ago")]
    [DataRow("en", "Card_Ago_Days", "0 days ago", "1 day ago", "2 days ago")]
    [DataRow("es", "Card_Ago_Minutes", "hace 0 minutos", "hace 1 minuto", "hace 2 minutos")]
    [DataRow("es", "Card_Ago_Hours", "hace 0 horas", "hace 1 hora", "hace 2 horas")]
    [DataRow("es", "Card_Ago_Days", "hace 0 días", "hace 1 día", "hace 2 días")]
    [DataRow("en", "Card_Notice_TextTooLong", "The text is too long (at most 0 characters).", "The text is too long (at most 1 character).", "The text is too long (at most 2 characters).")]
    [DataRow("es", "Card_Notice_TextTooLong", "El texto es demasiado largo (máximo 0 caracteres).", "El texto es demasiado largo (máximo 1 carácter).", "El texto es demasiado largo (máximo 2 caracteres).")]
    [DataRow("en", "Intake_Problem_TextTooLong", "The complaint text can have at most 0 characters.", "The complaint text can have at most 1 character.", "The complaint text can have at most 2 characters.")]
    [DataRow("es", "Intake_Problem_AuthorTooLong", "El autor puede tener como máximo 0 caracteres.", "El autor puede tener como máximo 1 carácter.", "El autor puede tener como máximo 2 caracteres.")]
    [DataRow("en", "Intake_Problem_CategoryTooLong", "The category can have at most 0 characters.", "The category can have at most 1 character.", "The category can have at most 2 characters.")]
    [DataRow("en", "Chat_StatusTooShort", "Type at least 0 characters of the complaint id, for example **status C01JDX4Z**.", "Type at least 1 character of the complaint id, for example **status C01JDX4Z**.", "Type at least 2 characters of the complaint id, for example **status C01JDX4Z**.")]
    [DataRow("es", "Chat_StatusTooShort", "Escribe al menos 0 caracteres del id de la queja, por ejemplo **status C01JDX4Z**.", "Escribe al menos 1 carácter del id de la queja, por ejemplo **status C01JDX4Z**.", "Escribe al menos 2 caracteres del id de la queja, por ejemplo **status C01JDX4Z**.")]
    public void Plural_CountTexts_ZeroOneTwo(string locale, string key, string zero, string one, string two)
    {
        var texts = Texts.For(locale);

        Assert.AreSequenceEqual([zero, one, two], new[] { 0, 1, 2 }.Select(n => texts.Plural(key, n)));
    }

    [TestMethod]
    [DataRow("en", 0, "0 complaints start with C01JDX")]
    [DataRow("en", 1, "1 complaint starts with C01JDX")]
    [DataRow("en", 2, "2 complaints start with C01JDX")]
    [DataRow("es", 0, "0 quejas empiezan por C01JDX")]
    [DataRow("es", 1, "1 queja empieza por C01JDX")]
    [DataRow("es", 2, "2 quejas empiezan por C01JDX")]
    public void Plural_MoreArguments_FollowTheCount(string locale, int count, string expected) =>
        Assert.AreEqual(expected, Texts.For(locale).Plural("Chat_Matches_Title", count, "C01JDX"));

    [TestMethod]
    public void Plural_KeyWithoutForms_SaysWhichKeyIsMissing()
    {
        var error = Assert.ThrowsExactly<KeyNotFoundException>(() => Texts.For("en").Plural("Card_Title", 1));

        Assert.Contains("Card_Title_One", error.Message);
    }
}
