using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Agrupa.Neural;

/// <summary>Converts a training history (one <see cref="EpochSummary"/> per epoch) to JSON (model files, checkpoints) and CSV (loss curves).</summary>
public static class TrainingHistory
{
    /// <summary>The history as a JSON array of {epoch, train, validation, lr, seconds, terms}.</summary>
    public static JsonArray ToJson(IEnumerable<EpochSummary> history)
    {
        var array = new JsonArray();
        foreach (var e in history)
            array.Add(new JsonObject
            {
                ["epoch"] = e.Epoch,
                ["train"] = e.TrainingLoss,
                ["validation"] = e.ValidationLoss,
                ["lr"] = e.LearningRate,
                ["seconds"] = e.Seconds,
                ["terms"] = new JsonObject(e.Terms.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            });
        return array;
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote; throws <see cref="FormatException"/> or <see cref="InvalidOperationException"/> on wrong types.</summary>
    public static IReadOnlyList<EpochSummary> FromJson(JsonArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        var list = new List<EpochSummary>(array.Count);
        foreach (var node in array)
        {
            var e = node as JsonObject ?? throw new FormatException("A history entry is not a JSON object.");
            list.Add(new EpochSummary((int)e["epoch"]!, (double)e["train"]!, e["validation"] is null ? null : (double)e["validation"]!,
                (double)e["lr"]!, (double)e["seconds"]!,
                (e["terms"] as JsonObject)?.ToDictionary(p => p.Key, p => (double)p.Value!) ?? new Dictionary<string, double>()));
        }
        return list;
    }

    /// <summary>The loss curve as CSV: epoch,train_loss,validation_loss,learning_rate,seconds[,term…] (invariant culture).</summary>
    public static string ToCsv(IEnumerable<EpochSummary> history)
    {
        var rows = history.ToList();
        var terms = rows.SelectMany(r => r.Terms.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var text = new StringBuilder("epoch,train_loss,validation_loss,learning_rate,seconds");
        foreach (var t in terms) text.Append(',').Append(t);
        text.Append('\n');
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Epoch},{r.TrainingLoss:R},{(r.ValidationLoss is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "")},{r.LearningRate:R},{r.Seconds:F3}");
            foreach (var t in terms) text.Append(',').Append(r.Terms.TryGetValue(t, out double value) ? value.ToString("R", CultureInfo.InvariantCulture) : "");
            text.Append('\n');
        }
        return text.ToString();
    }
}
