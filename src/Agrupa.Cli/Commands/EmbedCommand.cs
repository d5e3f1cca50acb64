using System.CommandLine;
using System.Globalization;
using System.Text;
using Agrupa.Data;
using Agrupa.Neural;

namespace Agrupa.Cli.Commands;

/// <summary><c>agrupa embed</c>: encodes a data set with a pretrained autoencoder and writes the codes as .npy or .csv.</summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Autoencoder model file written by 'agrupa pretrain'.", Required = true };
        var data = new Option<string>("--data") { Description = "Data set to embed (same features as the training data; the model's scaling is applied).", Required = true };
        var output = new Option<string>("--out") { Description = "Output: .npy (float32, rows × embedding) or .csv (z1..zk, plus label when the data have labels).", Required = true };
        var command = new Command("embed", "Encode a data set with a pretrained autoencoder.") { model, data, output };
        command.SetAction(parse =>
        {
            string outPath = parse.GetValue(output)!;
            string extension = Path.GetExtension(outPath).ToLowerInvariant();
            if (extension is not (".npy" or ".csv")) throw new UsageException($"--out must end in .npy or .csv, got '{outPath}'.");
            string modelPath = parse.GetValue(model)!;
            if (!File.Exists(modelPath)) throw new FileNotFoundException($"file not found: {modelPath}", modelPath);
            Runtime.NativeMemoryTuning.Apply();
            using var autoencoder = AutoencoderModel.Load(modelPath);
            Dataset input = TabularDataLoader.Load(parse.GetValue(data)!);
            if (input.FeatureCount != autoencoder.InputSize)
                throw new UsageException($"the model expects {autoencoder.InputSize} features per row, the data have {input.FeatureCount}.");
            Dataset codes = autoencoder.Transform(PretrainCommand.ApplyScaler(input, autoencoder.Scaler));
            if (extension == ".npy") AtomicFile.Write(outPath, stream => WriteNpy(stream, codes));
            else AtomicFile.WriteAllText(outPath, ToCsv(codes));
            parse.InvocationConfiguration.Output.WriteLine($"{outPath}: {codes.Count} rows × {codes.FeatureCount} dimensions");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>NPY format 1.0: magic, version, header dict padded to a multiple of 64 bytes, little-endian float32 values.</summary>
    internal static void WriteNpy(Stream stream, Dataset data)
    {
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({data.Count}, {data.FeatureCount}), }}";
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        writer.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 });
        writer.Write((ushort)header.Length);
        writer.Write(Encoding.ASCII.GetBytes(header));
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Features.Span));
    }

    private static string ToCsv(Dataset data)
    {
        var text = new StringBuilder(string.Join(",", Enumerable.Range(1, data.FeatureCount).Select(i => $"z{i}")));
        if (data.Labels is not null) text.Append(",label");
        text.Append('\n');
        for (int i = 0; i < data.Count; i++)
        {
            var row = data.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                if (j > 0) text.Append(',');
                text.Append(row[j].ToString("R", CultureInfo.InvariantCulture));
            }
            if (data.Labels is { } labels) text.Append(',').Append(labels[i]);
            text.Append('\n');
        }
        return text.ToString();
    }
}
