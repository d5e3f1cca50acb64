using Agrupa.Data;
using Agrupa.Neural;

namespace Agrupa.DeepClustering;

/// <summary>
/// Whether a saved autoencoder (an <c>agrupa pretrain</c> model file) can start a deep clusterer on some data — the
/// one check behind <c>agrupa fit --pretrained</c> and an experiment pipeline's <c>"pretrained"</c> file.
/// </summary>
public static class PretrainedStart
{
    /// <summary>The number <c>agrupa pretrain</c> divided its data by (its largest value when above 1), or null when the model does not say.</summary>
    public static float? Divisor(AutoencoderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Scaler is { } json && (string?)json["kind"] == "divide" && json["divisor"] is { } divisor ? (float)divisor : null;
    }

    /// <summary>
    /// Why <paramref name="model"/> (read from <paramref name="path"/>) cannot start <paramref name="clusterer"/> on the
    /// already scaled <paramref name="data"/>, or null when it can: the clusterer does not pretrain (DKMa); the network
    /// is of another kind than the clusterer's own pretraining would build (convolutional for DCEC, dense otherwise),
    /// except for N2D and DEC, which only encode and take any network (a contrastive encoder too);
    /// another feature count; or data outside the range the file was pretrained on (its scaler records the divisor and
    /// the largest training value; a wrong scaling shows there).
    /// </summary>
    public static string? Mismatch(AutoencoderModel model, string path, IPretrainingClusterer clusterer, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clusterer);
        ArgumentNullException.ThrowIfNull(data);
        if (clusterer.Pretraining(data) is not { } pretraining)
            return $"{clusterer.Name} trains its network from random weights; a pretrained autoencoder applies to dec, idec, dcec, dcn, dkmp and n2d.";
        AutoencoderOptions wanted = pretraining.NetworkFor(data), found = model.Network.Options;
        // N2D and DEC (no reconstruction term) only encode: any network serves them, a contrastive encoder included.
        bool encodesOnly = clusterer is N2d || clusterer is Dec { Options.ReconstructionWeight: 0 };
        if (!encodesOnly && !model.Network.HasDecoder)
            return $"{path} holds a contrastive encoder, which has no decoder; {clusterer.Name} trains with a reconstruction loss (use n2d or dec, or agrupa pretrain --arch {Kind(wanted)}).";
        if (!encodesOnly && wanted.GetType() != found.GetType())
            return $"{path} holds a {Kind(found)} autoencoder; {clusterer.Name} starts from a {Kind(wanted)} one (agrupa pretrain --arch {Kind(wanted)}).";
        if (model.InputSize != data.FeatureCount)
            return $"{path} expects {model.InputSize} features per row, the data have {data.FeatureCount}.";
        if (Divisor(model) is { } divisor && model.Scaler!["trainingMax"] is { } maxNode && data.Count > 0)
        {
            double expected = (double)maxNode / divisor;
            double actual = System.Numerics.Tensors.TensorPrimitives.Max(data.Features.Span);
            if (Math.Abs(actual - expected) > 1e-3 * Math.Max(1, Math.Abs(expected)))
                return FormattableString.Invariant(
                    $"{path} was pretrained on data divided by {divisor} (largest value {expected:G4}), but these data reach {actual:G4}: scale them as for the pretraining (÷255 is \"pixel\").");
        }
        return null;
    }

    private static string Kind(AutoencoderOptions options) => options switch
    {
        ConvolutionalAutoencoderOptions => "conv",
        VariationalAutoencoderOptions => "vae",
        TiedDenseAutoencoderOptions => "dense-tied",
        ContrastiveEncoderOptions => "contrastive",
        _ => "dense",
    };
}
