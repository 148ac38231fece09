using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Domain.Crises;

/// <summary>
/// English and Spanish words too frequent to say what a complaint is about: articles, pronouns, auxiliaries, common
/// adverbs and greetings. Stored in normalized form (no accents), as <see cref="TextNormalizer"/> produces.
/// </summary>
internal static class StopWords
{
    private const string English = """
        a about above after again against all almost already also although always am among an and another any anybody
        anyone anything anyway are aren around as at away back be became because become been before being below
        between both but by came can cannot cant come could couldn couldnt did didn didnt do does doesn doesnt doing
        don done dont down during each either else even ever every everyone everything few for from further get gets
        getting give go goes going gone got had hadn has hasn hasnt have haven havent having he hello her here hers
        herself hey hi him himself his how however i if im in into is isn isnt it its itself ive just keep know last
        let lets like lol made make many may maybe me might mine more most much must mustn my myself need needs never
        new no nobody none nor not nothing now of off often oh ok okay omg on once one only or other others ought our
        ours ourselves out over own please put quite rather really said same say says see seems shall shan she should
        shouldn since so some somebody someone something still such sure take than thank thanks that thats the their
        theirs them themselves then there these they thing things this those though through thus till to today too
        tomorrow took two under unless until up upon us use used very via want wants was wasn wasnt way we well went
        were weren what whatever when where whether which while who whom whose why will with within without won wont
        would wouldn wouldnt yes yesterday yet you youll your youre yours yourself yourselves
        """;

    private const string Spanish = """
        a acá ahí ahora al algo algún alguna algunas alguno algunos alguien allá allí ante antes aquel aquella
        aquellas aquello aquellos aquí así aún aunque ayer bajo bien buen buena buenas bueno buenos cada casi como
        cómo con contra cual cuál cuales cuando cuándo cuanto cuánto de del desde donde dónde dos durante e el él
        ella ellas ello ellos en entonces entre era erais éramos eran eras eres es esa esas ese eso esos esta está
        estaba estabais estábamos estaban estabas estado estamos estáis están estar estará estas estás este esté
        estemos estén estés esto estos estoy estuve estuvo favor fue fuera fueron fui fuimos gracias ha había habían
        habías haber han has hasta hay haya he hemos hice hizo hola hoy hubo igual incluso la las le les lo los luego
        más me mi mí mía mías mientras mío míos mis mismo misma mucha muchas mucho muchos muy nada nadie ni ningún
        ninguna ninguno no nos nosotras nosotros nuestra nuestras nuestro nuestros nunca o os otra otras otro otros
        para pero poco por porfa porque porqué pq pues puede pueden puedo que qué quien quién quienes se sea sean
        según ser si sí sido siempre siendo sin sino sobre sois solo sólo somos son soy su sus también tampoco tan
        tanto te tendrá tenemos tener tengo tenía ti tiene tienen toda todas todavía todo todos tras tu tú tus tuve
        tuvo tuya tuyas tuyo tuyos u un una unas uno unos usted ustedes va vamos van varias varios vez veces vosotras
        vosotros voy vuestra vuestras vuestro vuestros xq y ya yo
        """;

    private static readonly HashSet<string> Words = [.. TextNormalizer.Tokenize(English + " " + Spanish)];

    public static bool Contains(string normalizedWord) => Words.Contains(normalizedWord);
}
