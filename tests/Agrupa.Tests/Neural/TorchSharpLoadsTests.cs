using Agrupa.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Agrupa.Tests.Neural;

/// <summary>TorchSharp's native library loads from the test output (the GLIBCXX fix) and a tiny network learns.</summary>
public sealed class TorchSharpLoadsTests
{
    [Fact]
    public void TinyNetworkLossFallsOverAFewSteps()
    {
        ThreadBudget.ApplyToTorch();
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(64, 4);
        var y = (x.matmul(torch.tensor(new float[] { 1, -2, 3, 0.5f }).reshape(4, 1)) + 0.1f).detach();
        var network = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1));
        var optimizer = torch.optim.Adam(network.parameters(), lr: 0.01);
        float first = 0, last = 0;
        for (int step = 0; step < 50; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = torch.nn.functional.mse_loss(network.call(x), y);
            loss.backward();
            optimizer.step();
            float value = loss.item<float>();
            if (step == 0) first = value;
            last = value;
        }
        Assert.True(last < first * 0.5f, $"loss fell only from {first} to {last}");
    }
}
