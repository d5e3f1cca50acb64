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
        var data = new DataArgument(asOption: true, "Data set to embed (same features as the training data; the model's scaling is applied).");
        var output = new Option<string>("--out") { Description = "Output: .npy (float32, rows × embedding) or .csv (dim_1..dim_k, plus label when the data have labels).", Required = true };
        var command = new Command("embed", "Encode a data set with a pretrained autoencoder.") { model, output };
        data.AddTo(command);
        command.SetAction(parse =>
        {
            string outPath = parse.GetValue(output)!;
            EmbeddingFile.CheckExtension(outPath);
            string modelPath = parse.GetValue(model)!;
            if (!File.Exists(modelPath)) throw new FileNotFoundException($"file not found: {modelPath}", modelPath);
            Runtime.NativeMemoryTuning.Apply();
            using var autoencoder = AutoencoderModel.Load(modelPath);
            Dataset input = data.Load(parse);
            if (input.FeatureCount != autoencoder.InputSize)
                throw new UsageException($"the model expects {autoencoder.InputSize} features per row, the data have {input.FeatureCount}.");
            Dataset codes = autoencoder.Transform(PretrainCommand.ApplyScaler(input, autoencoder.Scaler));
            EmbeddingFile.Write(codes, outPath);
            parse.InvocationConfiguration.Output.WriteLine($"{outPath}: {codes.Count} rows × {codes.FeatureCount} dimensions");
            return ExitCodes.Success;
        });
        return command;
    }
}
