//===- ArchTest.cpp - Accelerator description parsing and cost curves ----===//

#include "cim/Arch/Arch.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace cim;

namespace {

std::string errorOf(llvm::Expected<ArchSpec> a) {
  if (a)
    return "";
  return llvm::toString(a.takeError());
}

/// A preset with one edit applied to its JSON object.
std::string editedPreset(
    llvm::StringRef name,
    llvm::function_ref<void(llvm::json::Object &)> edit) {
  llvm::Expected<llvm::json::Value> v =
      llvm::json::parse(archPresetText(name));
  EXPECT_TRUE(bool(v));
  edit(*v->getAsObject());
  std::string s;
  llvm::raw_string_ostream(s) << *v;
  return s;
}

std::string editedIsaac(
    llvm::function_ref<void(llvm::json::Object &)> edit) {
  return editedPreset("isaac", edit);
}

std::string canonical(const ArchSpec &a) {
  std::string s;
  llvm::raw_string_ostream(s) << a.toJSON();
  return s;
}

/// isaac with a valid digital_cim section (and its sources).
std::string isaacWithDigitalCim(
    llvm::function_ref<void(llvm::json::Object &)> editSection) {
  return editedIsaac([&](llvm::json::Object &o) {
    llvm::json::Object section{{"energy_pj_per_op", 0.01},
                               {"area_um2", 4000},
                               {"latency_ns", 2}};
    editSection(section);
    o["digital_cim"] = std::move(section);
  });
}

TEST(Arch, PresetLoads) {
  EXPECT_EQ(archPresetNames(),
            (std::vector<std::string>{"isaac", "osa-hcim", "puma",
                                      "sot-mram"}));
  llvm::Expected<ArchSpec> a = loadArch("isaac");
  ASSERT_TRUE(bool(a)) << llvm::toString(a.takeError());
  EXPECT_EQ(a->name, "isaac");
  EXPECT_EQ(a->rows, 128u);
  EXPECT_EQ(a->cols, 128u);
  EXPECT_EQ(a->cellBits, 2u);
  EXPECT_EQ(a->dacBits, 1u);
  EXPECT_EQ(a->adcBits, 8u);
  EXPECT_EQ(a->columnsPerAdc, 128u);
  EXPECT_DOUBLE_EQ(a->adcSampleRateGsps, 1.28);
  EXPECT_EQ(a->arraysPerCore, 8u);
  EXPECT_DOUBLE_EQ(a->cellReadEnergyPj, 0.00183);
  EXPECT_DOUBLE_EQ(a->dacEnergyPj, 0.391);
  EXPECT_DOUBLE_EQ(a->shiftAddEnergyPj, 0.021);
  EXPECT_EQ(a->polarity, PolarityScheme::Offset);
  ASSERT_EQ(a->adcCurve.size(), 7u);
  EXPECT_EQ(a->adcCurve.front().bits, 4u);
  EXPECT_EQ(a->adcCurve.back().bits, 10u);
}

TEST(Arch, PresetDocumentsEverySource) {
  for (const std::string &name : archPresetNames()) {
    llvm::Expected<ArchSpec> a = loadArch(name);
    ASSERT_TRUE(bool(a)) << llvm::toString(a.takeError());
    EXPECT_EQ(a->name, name);
    for (const std::string &key : archConstantKeys(*a))
      EXPECT_TRUE(a->sources.count(key)) << name << " lacks a source for "
                                         << key;
    // Every source names the section of REFERENCE.md it comes from.
    for (const auto &kv : a->sources)
      EXPECT_NE(kv.second.find("REFERENCE.md \u00a7"), std::string::npos)
          << name << ": the source of " << kv.first
          << " cites no REFERENCE.md section";
  }
}

TEST(Arch, ConstantKeysFollowOptionalSections) {
  std::vector<std::string> all = archConstantKeys();
  EXPECT_TRUE(llvm::is_contained(all, "digital_cim.energy_pj_per_op"));
  EXPECT_TRUE(llvm::is_contained(all, "digital_cim.area_um2"));
  EXPECT_TRUE(llvm::is_contained(all, "digital_cim.latency_ns"));
  llvm::Expected<ArchSpec> isaac = loadArch("isaac");
  ASSERT_TRUE(bool(isaac));
  EXPECT_TRUE(llvm::is_contained(all, "uncore.core_power_mw"));
  EXPECT_TRUE(llvm::is_contained(all, "uncore.chip_area_um2"));
  // isaac describes its uncore but has no digital CIM; osa-hcim the reverse.
  std::vector<std::string> plain = archConstantKeys(*isaac);
  EXPECT_EQ(plain.size(), all.size() - 3);
  EXPECT_FALSE(llvm::is_contained(plain, "digital_cim.latency_ns"));
  EXPECT_TRUE(llvm::is_contained(plain, "uncore.core_power_mw"));
  llvm::Expected<ArchSpec> hybrid = loadArch("osa-hcim");
  ASSERT_TRUE(bool(hybrid)) << llvm::toString(hybrid.takeError());
  std::vector<std::string> hybridKeys = archConstantKeys(*hybrid);
  EXPECT_EQ(hybridKeys.size(), all.size() - 4);
  EXPECT_TRUE(llvm::is_contained(hybridKeys, "digital_cim.latency_ns"));
  EXPECT_FALSE(llvm::is_contained(hybridKeys, "uncore.core_power_mw"));
}

TEST(Arch, CanonicalJsonRoundTrips) {
  for (const std::string &name : archPresetNames()) {
    llvm::Expected<ArchSpec> a = loadArch(name);
    ASSERT_TRUE(bool(a)) << llvm::toString(a.takeError());
    std::string first = canonical(*a);
    llvm::Expected<ArchSpec> b = parseArch(first, "canonical");
    ASSERT_TRUE(bool(b)) << name << ": " << llvm::toString(b.takeError());
    EXPECT_EQ(first, canonical(*b)) << name;
    EXPECT_EQ(a->hasDigitalCim(), b->hasDigitalCim()) << name;
    EXPECT_EQ(a->digitalCimEnergyPj, b->digitalCimEnergyPj) << name;
    EXPECT_EQ(a->digitalCimAreaUm2, b->digitalCimAreaUm2) << name;
    EXPECT_EQ(a->digitalCimLatencyNs, b->digitalCimLatencyNs) << name;
    // Keys come out sorted.
    EXPECT_LT(first.find("\"adc\""), first.find("\"array\"")) << name;
  }
}

/// The canonical form of isaac, as it was before the optional sections
/// (digital_cim, uncore) existed: a description without them must keep its
/// bytes (and so the arch hash of every .cimb compiled for it).
TEST(Arch, CanonicalJsonWithoutOptionalSectionsIsUnchanged) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> golden =
      llvm::MemoryBuffer::getFile(CIM_ARCH_TEST_INPUTS
                                  "/isaac.canonical.json");
  ASSERT_TRUE(bool(golden)) << golden.getError().message();
  llvm::Expected<ArchSpec> a =
      parseArch(editedIsaac([](llvm::json::Object &o) {
                  o.erase("uncore");
                  llvm::json::Object &sources = *o.getObject("sources");
                  for (const char *key :
                       {"uncore.core_power_mw", "uncore.core_area_um2",
                        "uncore.chip_power_mw", "uncore.chip_area_um2"})
                    sources.erase(key);
                }),
                "isaac");
  ASSERT_TRUE(bool(a)) << llvm::toString(a.takeError());
  EXPECT_FALSE(a->hasUncore());
  EXPECT_FALSE(a->hasDigitalCim());
  EXPECT_EQ(a->digitalCimEnergyPj, 0);
  EXPECT_EQ(a->digitalCimAreaUm2, 0);
  EXPECT_EQ(a->digitalCimLatencyNs, 0);
  EXPECT_EQ(canonical(*a), (*golden)->getBuffer().rtrim().str());
}

TEST(Arch, DigitalCimParses) {
  llvm::Expected<ArchSpec> a =
      parseArch(isaacWithDigitalCim([](llvm::json::Object &) {}), "d.json");
  ASSERT_TRUE(bool(a)) << llvm::toString(a.takeError());
  EXPECT_TRUE(a->hasDigitalCim());
  EXPECT_DOUBLE_EQ(a->digitalCimEnergyPj, 0.01);
  EXPECT_DOUBLE_EQ(a->digitalCimAreaUm2, 4000);
  EXPECT_DOUBLE_EQ(a->digitalCimLatencyNs, 2);
  std::string text = canonical(*a);
  EXPECT_NE(text.find("\"digital_cim\":{\"area_um2\":4000,"
                      "\"energy_pj_per_op\":0.01"),
            std::string::npos)
      << text;
  // A zero area is allowed (the logic may be counted elsewhere).
  EXPECT_TRUE(bool(parseArch(isaacWithDigitalCim([](llvm::json::Object &s) {
                               s["area_um2"] = 0;
                             }),
                             "d.json")));

  llvm::Expected<ArchSpec> hybrid = loadArch("osa-hcim");
  ASSERT_TRUE(bool(hybrid)) << llvm::toString(hybrid.takeError());
  EXPECT_TRUE(hybrid->hasDigitalCim());
  EXPECT_EQ(hybrid->device, "sram");
  EXPECT_EQ(hybrid->cellBits, 1u);
  EXPECT_EQ(hybrid->dacBits, 1u);
  EXPECT_LT(hybrid->adcBits, hybrid->losslessAdcBits(hybrid->activeRows));
  for (const char *name : {"isaac", "puma", "sot-mram"}) {
    llvm::Expected<ArchSpec> p = loadArch(name);
    ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
    EXPECT_FALSE(p->hasDigitalCim()) << name;
    EXPECT_EQ(canonical(*p).find("digital_cim"), std::string::npos) << name;
  }
}

TEST(Arch, DigitalCimErrors) {
  EXPECT_EQ(errorOf(parseArch(isaacWithDigitalCim([](llvm::json::Object &s) {
                                s.erase("latency_ns");
                              }),
                              "m.json")),
            "m.json: key 'digital_cim.latency_ns': missing (expected a number "
            "in (0, 1000000000])");
  EXPECT_EQ(errorOf(parseArch(isaacWithDigitalCim([](llvm::json::Object &s) {
                                s["energy_pj_per_op"] = -0.5;
                              }),
                              "n.json")),
            "n.json: key 'digital_cim.energy_pj_per_op': expected a number in "
            "(0, 1000000], got -0.5");
  // Present means present: zero energy would make hasDigitalCim() false.
  EXPECT_EQ(errorOf(parseArch(isaacWithDigitalCim([](llvm::json::Object &s) {
                                s["energy_pj_per_op"] = 0;
                              }),
                              "z.json")),
            "z.json: key 'digital_cim.energy_pj_per_op': expected a number in "
            "(0, 1000000], got 0");
  EXPECT_EQ(errorOf(parseArch(isaacWithDigitalCim([](llvm::json::Object &s) {
                                s["area_um2"] = -1;
                              }),
                              "a.json")),
            "a.json: key 'digital_cim.area_um2': expected a number in [0, "
            "1000000000000], got -1");
  EXPECT_EQ(errorOf(parseArch(isaacWithDigitalCim([](llvm::json::Object &s) {
                                s["latency_ns"] = "fast";
                              }),
                              "t.json")),
            "t.json: key 'digital_cim.latency_ns': expected a number in (0, "
            "1000000000], got \"fast\"");
  EXPECT_EQ(errorOf(parseArch(isaacWithDigitalCim([](llvm::json::Object &s) {
                                s["bits"] = 4;
                              }),
                              "u.json")),
            "u.json: key 'digital_cim.bits': unknown key (expected one of "
            "area_um2, energy_pj_per_op, latency_ns)");
  EXPECT_EQ(errorOf(parseArch(editedIsaac([](llvm::json::Object &o) {
                                o["digital_cim"] = 3;
                              }),
                              "o.json")),
            "o.json: key 'digital_cim': expected an object, got 3");
  // Citing a key of a section the file does not have is a mistake.
  EXPECT_EQ(errorOf(parseArch(editedIsaac([](llvm::json::Object &o) {
                                (*o.getObject("sources"))
                                    ["digital_cim.energy_pj_per_op"] =
                                        "REFERENCE.md \u00a73.3";
                              }),
                              "s.json")),
            "s.json: key 'sources.digital_cim.energy_pj_per_op': documents a "
            "key of the 'digital_cim' section, which the file does not have");
  // An osa-hcim without the section is a plain analog macro again.
  std::string err = errorOf(parseArch(
      editedPreset("osa-hcim",
                   [](llvm::json::Object &o) { o.erase("digital_cim"); }),
      "h.json"));
  EXPECT_EQ(err.rfind("h.json: key 'sources.digital_cim.", 0), 0u) << err;
}

TEST(Arch, UncoreParses) {
  llvm::Expected<ArchSpec> a = loadArch("isaac");
  ASSERT_TRUE(bool(a)) << llvm::toString(a.takeError());
  EXPECT_TRUE(a->hasUncore());
  EXPECT_DOUBLE_EQ(a->uncoreCorePowerMw, 4.884);
  EXPECT_DOUBLE_EQ(a->uncoreCoreAreaUm2, 10952.5);
  EXPECT_DOUBLE_EQ(a->uncoreChipAreaUm2, 22880000);
  std::string text = canonical(*a);
  EXPECT_NE(text.find("\"uncore\":{\"chip_area_um2\":22880000,"),
            std::string::npos)
      << text;
  for (const char *name : {"osa-hcim", "puma", "sot-mram"}) {
    llvm::Expected<ArchSpec> p = loadArch(name);
    ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
    EXPECT_FALSE(p->hasUncore()) << name;
  }
}

TEST(Arch, UncoreErrors) {
  auto withUncore = [](llvm::function_ref<void(llvm::json::Object &)> edit) {
    return editedIsaac([&](llvm::json::Object &o) {
      edit(*o.getObject("uncore"));
    });
  };
  EXPECT_EQ(errorOf(parseArch(withUncore([](llvm::json::Object &s) {
                                s.erase("chip_power_mw");
                              }),
                              "m.json")),
            "m.json: key 'uncore.chip_power_mw': missing (expected a number "
            "in [0, 1000000000])");
  EXPECT_EQ(errorOf(parseArch(withUncore([](llvm::json::Object &s) {
                                s["core_area_um2"] = -3;
                              }),
                              "n.json")),
            "n.json: key 'uncore.core_area_um2': expected a number in [0, "
            "1000000000000], got -3");
  EXPECT_EQ(errorOf(parseArch(withUncore([](llvm::json::Object &s) {
                                for (const char *k :
                                     {"core_power_mw", "core_area_um2",
                                      "chip_power_mw", "chip_area_um2"})
                                  s[k] = 0;
                              }),
                              "z.json")),
            "z.json: key 'uncore': expected at least one positive power or "
            "area (leave the section out instead)");
  std::string err = errorOf(parseArch(
      editedIsaac([](llvm::json::Object &o) { o.erase("uncore"); }),
      "s.json"));
  EXPECT_EQ(err.rfind("s.json: key 'sources.uncore.", 0), 0u) << err;
  EXPECT_NE(err.find("documents a key of the 'uncore' section, which the "
                     "file does not have"),
            std::string::npos)
      << err;
}

TEST(Arch, LosslessBits) {
  llvm::Expected<ArchSpec> a = loadArch("isaac");
  ASSERT_TRUE(bool(a));
  EXPECT_EQ(a->fullScaleColumnSum(128), 384u);
  EXPECT_EQ(a->losslessAdcBits(128), 9u);
  EXPECT_EQ(a->losslessAdcBits(1), 2u);
  EXPECT_EQ(a->losslessAdcBits(16), 6u);
}

TEST(Arch, AdcCurveInterpolation) {
  llvm::Expected<ArchSpec> a = loadArch("isaac");
  ASSERT_TRUE(bool(a));
  EXPECT_DOUBLE_EQ(a->adcEnergyPj(8), 1.67);
  EXPECT_DOUBLE_EQ(a->adcAreaUm2(8), 1200);
  EXPECT_DOUBLE_EQ(a->adcEnergyPj(4), 0.79);
  // Outside the curve: linear extrapolation from the two nearest points.
  EXPECT_NEAR(a->adcEnergyPj(3), 0.79 - 0.20, 1e-12);
  EXPECT_NEAR(a->adcEnergyPj(11), 2.38 + 0.41, 1e-12);
  // Between points on a curve with a gap.
  llvm::Expected<ArchSpec> g = parseArch(
      editedIsaac([](llvm::json::Object &o) {
        (*o.getObject("adc"))["curve"] = llvm::json::Array{
            llvm::json::Object{{"bits", 4}, {"energy_pj", 1.0}, {"area_um2", 100}},
            llvm::json::Object{{"bits", 8}, {"energy_pj", 2.0}, {"area_um2", 500}}};
      }),
      "gap.json");
  ASSERT_TRUE(bool(g)) << llvm::toString(g.takeError());
  EXPECT_DOUBLE_EQ(g->adcEnergyPj(5), 1.25);
  EXPECT_DOUBLE_EQ(g->adcAreaUm2(7), 400);
  EXPECT_DOUBLE_EQ(g->adcEnergyPj(1), 0.25);
}

TEST(Arch, WrongTypeNamesKeyAndValue) {
  std::string text = editedIsaac([](llvm::json::Object &o) {
    (*o.getObject("adc"))["bits"] = "x";
  });
  EXPECT_EQ(errorOf(parseArch(text, "bad.json")),
            "bad.json: key 'adc.bits': expected an integer in [1, 16], got "
            "\"x\"");
}

TEST(Arch, OutOfRange) {
  std::string text = editedIsaac([](llvm::json::Object &o) {
    (*o.getObject("adc"))["bits"] = 17;
  });
  EXPECT_EQ(errorOf(parseArch(text, "bad.json")),
            "bad.json: key 'adc.bits': expected an integer in [1, 16], got 17");
  std::string active = editedIsaac([](llvm::json::Object &o) {
    (*o.getObject("array"))["active_rows"] = 129;
  });
  EXPECT_EQ(errorOf(parseArch(active, "a.json")),
            "a.json: key 'array.active_rows': expected an integer in [1, "
            "128], got 129");
  std::string polarity = editedIsaac([](llvm::json::Object &o) {
    (*o.getObject("array"))["polarity"] = "mirror";
  });
  EXPECT_EQ(errorOf(parseArch(polarity, "p.json")),
            "p.json: key 'array.polarity': expected one of \"offset\", "
            "\"differential\", got \"mirror\"");
}

TEST(Arch, UnknownKey) {
  std::string text = editedIsaac([](llvm::json::Object &o) {
    (*o.getObject("dac"))["bitz"] = 1;
  });
  std::string err = errorOf(parseArch(text, "u.json"));
  EXPECT_EQ(err.rfind("u.json: key 'dac.bitz': unknown key (expected one of "
                      "area_um2, bits, energy_pj)",
                      0),
            0u)
      << err;
  std::string src = editedIsaac([](llvm::json::Object &o) {
    (*o.getObject("sources"))["adc.bitz"] = "somewhere";
  });
  EXPECT_NE(errorOf(parseArch(src, "s.json")).find("key 'sources.adc.bitz'"),
            std::string::npos);
}

TEST(Arch, MissingKey) {
  std::string text = editedIsaac([](llvm::json::Object &o) {
    o.getObject("buffer")->erase("bytes_per_ns");
  });
  EXPECT_EQ(errorOf(parseArch(text, "m.json")),
            "m.json: key 'buffer.bytes_per_ns': missing (expected a number in "
            "(0, 1000000000])");
  std::string section = editedIsaac(
      [](llvm::json::Object &o) { o.erase("noc"); });
  EXPECT_EQ(errorOf(parseArch(section, "m.json")),
            "m.json: key 'noc': missing (expected an object)");
}

TEST(Arch, BadCurveAndJson) {
  std::string text = editedIsaac([](llvm::json::Object &o) {
    (*o.getObject("adc"))["curve"] = llvm::json::Array{
        llvm::json::Object{{"bits", 6}, {"energy_pj", 1.0}, {"area_um2", 1}},
        llvm::json::Object{{"bits", 5}, {"energy_pj", 1.0}, {"area_um2", 1}}};
  });
  EXPECT_NE(errorOf(parseArch(text, "c.json")).find("key 'adc.curve[1].bits'"),
            std::string::npos);
  EXPECT_EQ(errorOf(parseArch("{", "j.json")).rfind("j.json: invalid JSON", 0),
            0u);
  EXPECT_EQ(errorOf(loadArch("/nonexistent/arch.json"))
                .rfind("/nonexistent/arch.json: cannot read arch file", 0),
            0u);
}

} // namespace
