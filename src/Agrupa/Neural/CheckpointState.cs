using System.Text.Json.Nodes;
using Agrupa.Persistence;

namespace Agrupa.Neural;

/// <summary>
/// What a <see cref="Trainer"/>'s caller keeps in the trainer's checkpoint beside the weights, the optimiser and the
/// position (<see cref="TrainingCallbacks.CaptureState"/>), and gets back on resume (<see cref="TrainingCallbacks.RestoreState"/>):
/// DEC's target distribution, its last labels and its curve, for example.
/// </summary>
/// <param name="Header">JSON values (stored under "state" in the checkpoint's header).</param>
/// <param name="Arrays">Arrays (stored with the prefix "state.").</param>
public sealed record CheckpointState(JsonObject Header, IReadOnlyDictionary<string, ModelArray> Arrays);
