# Generated from nixpkgs_contrib/data/nixpkgs-licenses.tsv by
# `python -m nixpkgs_contrib.flake_eval`; do not edit.
{
  abstyles = {
    fullName = "Abstyles License";
    spdxId = "Abstyles";
    free = true;
    redistributable = true;
  };
  acsl14 = {
    fullName = "Anti-Capitalist Software License v1.4";
    free = false;
    redistributable = false;
  };
  activision = {
    fullName = "Activision EULA";
    free = false;
    redistributable = false;
  };
  adobeDisplayPostScript = {
    fullName = "Adobe Display PostScript License";
    spdxId = "Adobe-Display-PostScript";
    free = true;
    redistributable = true;
  };
  adobeUtopia = {
    fullName = "Adobe Utopia Font License";
    spdxId = "Adobe-Utopia";
    free = true;
    redistributable = true;
  };
  afl20 = {
    fullName = "Academic Free License v2.0";
    spdxId = "AFL-2.0";
    free = true;
    redistributable = true;
  };
  afl21 = {
    fullName = "Academic Free License v2.1";
    spdxId = "AFL-2.1";
    free = true;
    redistributable = true;
  };
  afl3 = {
    fullName = "Academic Free License v3.0";
    spdxId = "AFL-3.0";
    free = true;
    redistributable = true;
  };
  agpl3Only = {
    fullName = "GNU Affero General Public License v3.0 only";
    spdxId = "AGPL-3.0-only";
    free = true;
    redistributable = true;
  };
  agpl3Plus = {
    fullName = "GNU Affero General Public License v3.0 or later";
    spdxId = "AGPL-3.0-or-later";
    free = true;
    redistributable = true;
  };
  aladdin = {
    fullName = "Aladdin Free Public License";
    spdxId = "Aladdin";
    free = false;
    redistributable = false;
  };
  amazonsl = {
    fullName = "Amazon Software License";
    free = false;
    redistributable = false;
  };
  amd = {
    fullName = "AMD License Agreement";
    free = false;
    redistributable = false;
  };
  aml = {
    fullName = "Apple MIT License";
    spdxId = "AML";
    free = true;
    redistributable = true;
  };
  ampas = {
    fullName = "Academy of Motion Picture Arts and Sciences BSD";
    spdxId = "AMPAS";
    free = true;
    redistributable = true;
  };
  aom = {
    fullName = "Alliance for Open Media Patent License 1.0";
    free = true;
    redistributable = true;
  };
  apple-psl10 = {
    fullName = "Apple Public Source License 1.0";
    spdxId = "APSL-1.0";
    free = true;
    redistributable = true;
  };
  apple-psl20 = {
    fullName = "Apple Public Source License 2.0";
    spdxId = "APSL-2.0";
    free = true;
    redistributable = true;
  };
  apsl10 = {
    fullName = "Apple Public Source License 1.0";
    spdxId = "APSL-1.0";
    free = true;
    redistributable = true;
  };
  apsl20 = {
    fullName = "Apple Public Source License 2.0";
    spdxId = "APSL-2.0";
    free = true;
    redistributable = true;
  };
  arphicpl = {
    fullName = "Arphic Public License";
    spdxId = "Arphic-1999";
    free = true;
    redistributable = true;
  };
  artistic1 = {
    fullName = "Artistic License 1.0";
    spdxId = "Artistic-1.0";
    free = true;
    redistributable = true;
  };
  artistic1-cl8 = {
    fullName = "Artistic License 1.0 w/clause 8";
    spdxId = "Artistic-1.0-cl8";
    free = true;
    redistributable = true;
  };
  artistic2 = {
    fullName = "Artistic License 2.0";
    spdxId = "Artistic-2.0";
    free = true;
    redistributable = true;
  };
  asl11 = {
    fullName = "Apache License 1.1";
    spdxId = "Apache-1.1";
    free = true;
    redistributable = true;
  };
  asl20 = {
    fullName = "Apache License 2.0";
    spdxId = "Apache-2.0";
    free = true;
    redistributable = true;
  };
  baekmuk = {
    fullName = "Baekmuk License";
    spdxId = "Baekmuk";
    free = true;
    redistributable = true;
  };
  beerware = {
    fullName = "Beerware License";
    spdxId = "Beerware";
    free = true;
    redistributable = true;
  };
  bitTorrent10 = {
    fullName = " BitTorrent Open Source License v1.0";
    spdxId = "BitTorrent-1.0";
    free = true;
    redistributable = true;
  };
  bitTorrent11 = {
    fullName = " BitTorrent Open Source License v1.1";
    spdxId = "BitTorrent-1.1";
    free = true;
    redistributable = true;
  };
  bitstreamCharter = {
    fullName = "Bitstream Charter Font License";
    spdxId = "Bitstream-Charter";
    free = true;
    redistributable = true;
  };
  bitstreamVera = {
    fullName = "Bitstream Vera Font License";
    spdxId = "Bitstream-Vera";
    free = true;
    redistributable = true;
  };
  blueOak100 = {
    fullName = "Blue Oak Model License 1.0.0";
    spdxId = "BlueOak-1.0.0";
    free = true;
    redistributable = true;
  };
  boehmGC = {
    fullName = "Boehm-Demers-Weiser GC License";
    spdxId = "Boehm-GC";
    free = true;
    redistributable = true;
  };
  bola11 = {
    fullName = "Buena Onda License Agreement v1.1";
    spdxId = "BOLA-1.1";
    free = true;
    redistributable = true;
  };
  boost = {
    fullName = "Boost Software License 1.0";
    spdxId = "BSL-1.0";
    free = true;
    redistributable = true;
  };
  bsd0 = {
    fullName = "BSD Zero Clause License";
    spdxId = "0BSD";
    free = true;
    redistributable = true;
  };
  bsd1 = {
    fullName = "BSD 1-Clause License";
    spdxId = "BSD-1-Clause";
    free = true;
    redistributable = true;
  };
  bsd2 = {
    fullName = "BSD 2-clause \"Simplified\" License";
    spdxId = "BSD-2-Clause";
    free = true;
    redistributable = true;
  };
  bsd2Patent = {
    fullName = "BSD-2-Clause Plus Patent License";
    spdxId = "BSD-2-Clause-Patent";
    free = true;
    redistributable = true;
  };
  bsd2WithViews = {
    fullName = "BSD 2-Clause with views sentence";
    spdxId = "BSD-2-Clause-Views";
    free = true;
    redistributable = true;
  };
  bsd3 = {
    fullName = "BSD 3-clause \"New\" or \"Revised\" License";
    spdxId = "BSD-3-Clause";
    free = true;
    redistributable = true;
  };
  bsd3ClauseTso = {
    fullName = "BSD 3-Clause Tso variant";
    spdxId = "BSD-3-Clause-Tso";
    free = true;
    redistributable = true;
  };
  bsd3Clear = {
    fullName = "BSD 3-Clause Clear License";
    spdxId = "BSD-3-Clause-Clear";
    free = true;
    redistributable = true;
  };
  bsd3Lbnl = {
    fullName = "Lawrence Berkeley National Labs BSD variant license";
    spdxId = "BSD-3-Clause-LBNL";
    free = true;
    redistributable = true;
  };
  bsd3Modification = {
    fullName = "BSD 3-Clause Modification";
    spdxId = "BSD-3-Clause-Modification";
    free = true;
    redistributable = true;
  };
  bsdAxisNoDisclaimerUnmodified = {
    fullName = "BSD-Axis without Warranty Disclaimer with Unmodified requirement";
    free = true;
    redistributable = true;
  };
  bsdOriginal = {
    fullName = "BSD 4-clause \"Original\" or \"Old\" License";
    spdxId = "BSD-4-Clause";
    free = true;
    redistributable = true;
  };
  bsdOriginalShortened = {
    fullName = "BSD 4 Clause Shortened";
    spdxId = "BSD-4-Clause-Shortened";
    free = true;
    redistributable = true;
  };
  bsdOriginalUC = {
    fullName = "BSD 4-Clause University of California-Specific";
    spdxId = "BSD-4-Clause-UC";
    free = true;
    redistributable = true;
  };
  bsdProtection = {
    fullName = "BSD Protection License";
    spdxId = "BSD-Protection";
    free = true;
    redistributable = true;
  };
  bsdSourceCode = {
    fullName = "BSD Source Code Attribution";
    spdxId = "BSD-Source-Code";
    free = true;
    redistributable = true;
  };
  bsl11 = {
    fullName = "Business Source License 1.1";
    spdxId = "BUSL-1.1";
    free = false;
    redistributable = true;
  };
  buddy = {
    fullName = "Buddy License";
    spdxId = "Buddy";
    free = true;
    redistributable = true;
  };
  bzip2 = {
    fullName = "bzip2 and libbzip2 License v1.0.6";
    spdxId = "bzip2-1.0.6";
    free = true;
    redistributable = true;
  };
  cal10 = {
    fullName = "Cryptographic Autonomy License version 1.0 (CAL-1.0)";
    spdxId = "CAL-1.0";
    free = true;
    redistributable = true;
  };
  caldera = {
    fullName = "Caldera License";
    spdxId = "Caldera";
    free = true;
    redistributable = true;
  };
  capec = {
    fullName = "Common Attack Pattern Enumeration and Classification License";
    spdxId = "CAPEC-tou";
    free = true;
    redistributable = true;
  };
  cc-by-10 = {
    fullName = "Creative Commons Attribution 1.0";
    spdxId = "CC-BY-1.0";
    free = true;
    redistributable = true;
  };
  cc-by-20 = {
    fullName = "Creative Commons Attribution 2.0";
    spdxId = "CC-BY-2.0";
    free = true;
    redistributable = true;
  };
  cc-by-30 = {
    fullName = "Creative Commons Attribution 3.0";
    spdxId = "CC-BY-3.0";
    free = true;
    redistributable = true;
  };
  cc-by-40 = {
    fullName = "Creative Commons Attribution 4.0";
    spdxId = "CC-BY-4.0";
    free = true;
    redistributable = true;
  };
  cc-by-nc-30 = {
    fullName = "Creative Commons Attribution Non Commercial 3.0 Unported";
    spdxId = "CC-BY-NC-3.0";
    free = false;
    redistributable = false;
  };
  cc-by-nc-30-igo = {
    fullName = "Creative Commons Attribution Non Commercial 3.0 IGO";
    free = false;
    redistributable = false;
  };
  cc-by-nc-40 = {
    fullName = "Creative Commons Attribution Non Commercial 4.0 International";
    spdxId = "CC-BY-NC-4.0";
    free = false;
    redistributable = false;
  };
  cc-by-nc-nd-30 = {
    fullName = "Creative Commons Attribution Non Commercial No Derivative Works 3.0 Unported";
    spdxId = "CC-BY-NC-ND-3.0";
    free = false;
    redistributable = false;
  };
  cc-by-nc-nd-40 = {
    fullName = "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International";
    spdxId = "CC-BY-NC-ND-4.0";
    free = false;
    redistributable = false;
  };
  cc-by-nc-sa-20 = {
    fullName = "Creative Commons Attribution Non Commercial Share Alike 2.0";
    spdxId = "CC-BY-NC-SA-2.0";
    free = false;
    redistributable = false;
  };
  cc-by-nc-sa-25 = {
    fullName = "Creative Commons Attribution Non Commercial Share Alike 2.5";
    spdxId = "CC-BY-NC-SA-2.5";
    free = false;
    redistributable = false;
  };
  cc-by-nc-sa-30 = {
    fullName = "Creative Commons Attribution Non Commercial Share Alike 3.0";
    spdxId = "CC-BY-NC-SA-3.0";
    free = false;
    redistributable = false;
  };
  cc-by-nc-sa-40 = {
    fullName = "Creative Commons Attribution Non Commercial Share Alike 4.0";
    spdxId = "CC-BY-NC-SA-4.0";
    free = false;
    redistributable = false;
  };
  cc-by-nd-30 = {
    fullName = "Creative Commons Attribution-No Derivative Works v3.00";
    spdxId = "CC-BY-ND-3.0";
    free = false;
    redistributable = false;
  };
  cc-by-nd-40 = {
    fullName = "Creative Commons Attribution-No Derivative Works v4.0";
    spdxId = "CC-BY-ND-4.0";
    free = false;
    redistributable = false;
  };
  cc-by-sa-10 = {
    fullName = "Creative Commons Attribution Share Alike 1.0";
    spdxId = "CC-BY-SA-1.0";
    free = true;
    redistributable = true;
  };
  cc-by-sa-20 = {
    fullName = "Creative Commons Attribution Share Alike 2.0";
    spdxId = "CC-BY-SA-2.0";
    free = true;
    redistributable = true;
  };
  cc-by-sa-25 = {
    fullName = "Creative Commons Attribution Share Alike 2.5";
    spdxId = "CC-BY-SA-2.5";
    free = true;
    redistributable = true;
  };
  cc-by-sa-30 = {
    fullName = "Creative Commons Attribution Share Alike 3.0";
    spdxId = "CC-BY-SA-3.0";
    free = true;
    redistributable = true;
  };
  cc-by-sa-40 = {
    fullName = "Creative Commons Attribution Share Alike 4.0";
    spdxId = "CC-BY-SA-4.0";
    free = true;
    redistributable = true;
  };
  cc-sa-10 = {
    fullName = "Creative Commons Share Alike 1.0";
    spdxId = "CC-SA-1.0";
    free = true;
    redistributable = true;
  };
  cc0 = {
    fullName = "Creative Commons Zero v1.0 Universal";
    spdxId = "CC0-1.0";
    free = true;
    redistributable = true;
  };
  cddl = {
    fullName = "Common Development and Distribution License 1.0";
    spdxId = "CDDL-1.0";
    free = true;
    redistributable = true;
  };
  cecill-b = {
    fullName = "CeCILL-B Free Software License Agreement";
    spdxId = "CECILL-B";
    free = true;
    redistributable = true;
  };
  cecill-c = {
    fullName = "CeCILL-C Free Software License Agreement";
    spdxId = "CECILL-C";
    free = true;
    redistributable = true;
  };
  cecill20 = {
    fullName = "CeCILL Free Software License Agreement v2.0";
    spdxId = "CECILL-2.0";
    free = true;
    redistributable = true;
  };
  cecill21 = {
    fullName = "CeCILL Free Software License Agreement v2.1";
    spdxId = "CECILL-2.1";
    free = true;
    redistributable = true;
  };
  cfitsio = {
    fullName = "CFITSIO License";
    spdxId = "CFITSIO";
    free = true;
    redistributable = true;
  };
  clArtistic = {
    fullName = "Clarified Artistic License";
    spdxId = "ClArtistic";
    free = true;
    redistributable = true;
  };
  classpathException20 = {
    fullName = "Classpath exception 2.0";
    spdxId = "Classpath-exception-2.0";
    free = true;
    redistributable = true;
  };
  cnri-python = {
    fullName = "CNRI Python License";
    spdxId = "CNRI-Python";
    free = true;
    redistributable = true;
  };
  cockroachdb-community-license = {
    fullName = "CockroachDB Community License Agreement";
    free = false;
    redistributable = false;
  };
  commons-clause = {
    fullName = "Commons Clause License";
    free = false;
    redistributable = false;
  };
  cpal10 = {
    fullName = "Common Public Attribution License 1.0";
    spdxId = "CPAL-1.0";
    free = true;
    redistributable = true;
  };
  cpl10 = {
    fullName = "Common Public License 1.0";
    spdxId = "CPL-1.0";
    free = true;
    redistributable = true;
  };
  cronyx = {
    fullName = "Cronyx License";
    spdxId = "Cronyx";
    free = true;
    redistributable = true;
  };
  curl = {
    fullName = "curl License";
    spdxId = "curl";
    free = true;
    redistributable = true;
  };
  databricks = {
    fullName = "Databricks License";
    free = false;
    redistributable = false;
  };
  databricks-dbx = {
    fullName = "DataBricks eXtensions aka dbx License";
    free = false;
    redistributable = false;
  };
  databricks-license = {
    fullName = "Databricks License";
    free = false;
    redistributable = false;
  };
  dec3Clause = {
    fullName = "DEC 3-Clause License";
    spdxId = "DEC-3-Clause";
    free = true;
    redistributable = true;
  };
  doc = {
    fullName = "DOC License";
    spdxId = "DOC";
    free = true;
    redistributable = true;
  };
  docBookDtd = {
    fullName = "DocBook DTD License";
    spdxId = "DocBook-DTD";
    free = true;
    redistributable = true;
  };
  drl10 = {
    fullName = "Detection Rule License 1.0";
    spdxId = "DRL-1.0";
    free = true;
    redistributable = true;
  };
  dtoa = {
    fullName = "dtoa License";
    spdxId = "dtoa";
    free = true;
    redistributable = true;
  };
  eapl = {
    fullName = "EPSON AVASYS PUBLIC LICENSE";
    free = false;
    redistributable = false;
  };
  ecl20 = {
    fullName = "Educational Community License, Version 2.0";
    spdxId = "ECL-2.0";
    free = true;
    redistributable = true;
  };
  efl10 = {
    fullName = "Eiffel Forum License v1.0";
    spdxId = "EFL-1.0";
    free = true;
    redistributable = true;
  };
  efl20 = {
    fullName = "Eiffel Forum License v2.0";
    spdxId = "EFL-2.0";
    free = true;
    redistributable = true;
  };
  elastic20 = {
    fullName = "Elastic License 2.0";
    spdxId = "Elastic-2.0";
    free = false;
    redistributable = false;
  };
  enpl = {
    fullName = "Emmi AI Non-Production License";
    free = false;
    redistributable = true;
  };
  epl10 = {
    fullName = "Eclipse Public License 1.0";
    spdxId = "EPL-1.0";
    free = true;
    redistributable = true;
  };
  epl20 = {
    fullName = "Eclipse Public License 2.0";
    spdxId = "EPL-2.0";
    free = true;
    redistributable = true;
  };
  epson = {
    fullName = "Seiko Epson Corporation Software License Agreement for Linux";
    free = false;
    redistributable = false;
  };
  eupl11 = {
    fullName = "European Union Public License 1.1";
    spdxId = "EUPL-1.1";
    free = true;
    redistributable = true;
  };
  eupl12 = {
    fullName = "European Union Public License 1.2";
    spdxId = "EUPL-1.2";
    free = true;
    redistributable = true;
  };
  fair = {
    fullName = "Fair License";
    spdxId = "Fair";
    free = true;
    redistributable = true;
  };
  fairsource09 = {
    fullName = "Fair Source License, version 0.9";
    free = false;
    redistributable = true;
  };
  fdl11Only = {
    fullName = "GNU Free Documentation License v1.1 only";
    spdxId = "GFDL-1.1-only";
    free = true;
    redistributable = true;
  };
  fdl11Plus = {
    fullName = "GNU Free Documentation License v1.1 or later";
    spdxId = "GFDL-1.1-or-later";
    free = true;
    redistributable = true;
  };
  fdl12Only = {
    fullName = "GNU Free Documentation License v1.2 only";
    spdxId = "GFDL-1.2-only";
    free = true;
    redistributable = true;
  };
  fdl12Plus = {
    fullName = "GNU Free Documentation License v1.2 or later";
    spdxId = "GFDL-1.2-or-later";
    free = true;
    redistributable = true;
  };
  fdl13Only = {
    fullName = "GNU Free Documentation License v1.3 only";
    spdxId = "GFDL-1.3-only";
    free = true;
    redistributable = true;
  };
  fdl13Plus = {
    fullName = "GNU Free Documentation License v1.3 or later";
    spdxId = "GFDL-1.3-or-later";
    free = true;
    redistributable = true;
  };
  ffsl = {
    fullName = "Floodgap Free Software License";
    free = false;
    redistributable = false;
  };
  fontException = {
    fullName = "Font exception 2.0";
    spdxId = "Font-exception-2.0";
    free = true;
    redistributable = true;
  };
  fraunhofer-fdk = {
    fullName = "Fraunhofer FDK AAC Codec Library";
    spdxId = "FDK-AAC";
    free = true;
    redistributable = true;
  };
  free = {
    fullName = "Unspecified free software license";
    free = true;
    redistributable = true;
  };
  fsl11Asl20 = {
    fullName = "Functional Source License, Version 1.1, Apache 2.0 Future License";
    spdxId = "FSL-1.1-ALv2";
    free = false;
    redistributable = true;
  };
  fsl11Mit = {
    fullName = "Functional Source License, Version 1.1, MIT Future License";
    spdxId = "FSL-1.1-MIT";
    free = false;
    redistributable = true;
  };
  ftl = {
    fullName = "Freetype Project License";
    spdxId = "FTL";
    free = true;
    redistributable = true;
  };
  g4sl = {
    fullName = "Geant4 Software License";
    free = true;
    redistributable = true;
  };
  generaluser = {
    fullName = "GeneralUser GS License v2.0";
    free = true;
    redistributable = true;
  };
  geogebra = {
    fullName = "GeoGebra Non-Commercial License Agreement";
    free = false;
    redistributable = false;
  };
  gfl = {
    fullName = "GUST Font License";
    free = true;
    redistributable = true;
  };
  gfsl = {
    fullName = "GUST Font Source License";
    free = true;
    redistributable = true;
  };
  giftware = {
    fullName = "Giftware License";
    spdxId = "Giftware";
    free = true;
    redistributable = true;
  };
  gnuplot = {
    fullName = "gnuplot License";
    spdxId = "gnuplot";
    free = true;
    redistributable = true;
  };
  gpl1Only = {
    fullName = "GNU General Public License v1.0 only";
    spdxId = "GPL-1.0-only";
    free = true;
    redistributable = true;
  };
  gpl1Plus = {
    fullName = "GNU General Public License v1.0 or later";
    spdxId = "GPL-1.0-or-later";
    free = true;
    redistributable = true;
  };
  gpl2 = {
    fullName = "GNU General Public License v2.0";
    spdxId = "GPL-2.0";
    free = true;
    redistributable = true;
  };
  gpl2Only = {
    fullName = "GNU General Public License v2.0 only";
    spdxId = "GPL-2.0-only";
    free = true;
    redistributable = true;
  };
  gpl2Plus = {
    fullName = "GNU General Public License v2.0 or later";
    spdxId = "GPL-2.0-or-later";
    free = true;
    redistributable = true;
  };
  gpl3 = {
    fullName = "GNU General Public License v3.0";
    spdxId = "GPL-3.0";
    free = true;
    redistributable = true;
  };
  gpl3Only = {
    fullName = "GNU General Public License v3.0 only";
    spdxId = "GPL-3.0-only";
    free = true;
    redistributable = true;
  };
  gpl3Plus = {
    fullName = "GNU General Public License v3.0 or later";
    spdxId = "GPL-3.0-or-later";
    free = true;
    redistributable = true;
  };
  hl3 = {
    fullName = "Hippocratic License v3.0";
    free = false;
    redistributable = true;
  };
  hpnd = {
    fullName = "Historic Permission Notice and Disclaimer";
    spdxId = "HPND";
    free = true;
    redistributable = true;
  };
  hpndDec = {
    fullName = "Historical Permission Notice and Disclaimer - DEC variant";
    spdxId = "HPND-DEC";
    free = true;
    redistributable = true;
  };
  hpndDifferentDisclaimer = {
    fullName = "HPND with different disclaimer";
    free = true;
    redistributable = true;
  };
  hpndDoc = {
    fullName = "Historical Permission Notice and Disclaimer - documentation variant";
    spdxId = "HPND-doc";
    free = true;
    redistributable = true;
  };
  hpndDocSell = {
    fullName = "Historical Permission Notice and Disclaimer - documentation sell variant";
    spdxId = "HPND-doc-sell";
    free = true;
    redistributable = true;
  };
  hpndSellVariant = {
    fullName = "Historical Permission Notice and Disclaimer - sell variant";
    spdxId = "HPND-sell-variant";
    free = true;
    redistributable = true;
  };
  hpndSellVariantMitDisclaimerXserver = {
    fullName = "Historical Permission Notice and Disclaimer - sell xserver variant with MIT disclaimer";
    spdxId = "HPND-sell-MIT-disclaimer-xserver";
    free = true;
    redistributable = true;
  };
  hpndSellVariantSafetyClause = {
    fullName = "HPND - sell variant with safety critical systems clause";
    spdxId = "HPND-sell-variant-critical-systems";
    free = true;
    redistributable = true;
  };
  hpndUc = {
    fullName = "Historical Permission Notice and Disclaimer - University of California variant";
    spdxId = "HPND-UC";
    free = true;
    redistributable = true;
  };
  hyphenBulgarian = {
    fullName = "hyphen-bulgarian License";
    spdxId = "hyphen-bulgarian";
    free = true;
    redistributable = true;
  };
  iasl = {
    fullName = "Intel ACPI Software License Agreement";
    spdxId = "Intel-ACPI";
    free = true;
    redistributable = true;
  };
  icu = {
    fullName = "ICU";
    spdxId = "ICU";
    free = true;
    redistributable = true;
  };
  ijg = {
    fullName = "Independent JPEG Group License";
    spdxId = "IJG";
    free = true;
    redistributable = true;
  };
  imagemagick = {
    fullName = "ImageMagick License";
    spdxId = "ImageMagick";
    free = true;
    redistributable = true;
  };
  imlib2 = {
    fullName = "Imlib2 License";
    spdxId = "Imlib2";
    free = true;
    redistributable = true;
  };
  info-zip = {
    fullName = "Info-ZIP License";
    spdxId = "Info-ZIP";
    free = true;
    redistributable = true;
  };
  inria-compcert = {
    fullName = "INRIA Non-Commercial License Agreement for the CompCert verified compiler";
    free = false;
    redistributable = false;
  };
  inria-icesl = {
    fullName = "End User License Agreement for IceSL Software";
    free = false;
    redistributable = false;
  };
  inria-zelus = {
    fullName = "INRIA Non-Commercial License Agreement for the Zélus compiler";
    free = false;
    redistributable = false;
  };
  intel-eula = {
    fullName = "Intel End User License Agreement for Developer Tools";
    free = false;
    redistributable = false;
  };
  interbase = {
    fullName = "Interbase Public License v1.0";
    spdxId = "Interbase-1.0";
    free = true;
    redistributable = true;
  };
  ipa = {
    fullName = "IPA Font License";
    spdxId = "IPA";
    free = true;
    redistributable = true;
  };
  ipl10 = {
    fullName = "IBM Public License v1.0";
    spdxId = "IPL-1.0";
    free = true;
    redistributable = true;
  };
  isc = {
    fullName = "ISC License";
    spdxId = "ISC";
    free = true;
    redistributable = true;
  };
  issl = {
    fullName = "Intel Simplified Software License";
    free = false;
    redistributable = false;
  };
  jpl-image = {
    fullName = "JPL Image Use Policy";
    spdxId = "JPL-image";
    free = true;
    redistributable = true;
  };
  json = {
    fullName = "JSON License";
    spdxId = "JSON";
    free = false;
    redistributable = false;
  };
  knuth = {
    fullName = "Knuth CTAN License";
    spdxId = "Knuth-CTAN";
    free = true;
    redistributable = true;
  };
  lal12 = {
    fullName = "Licence Art Libre 1.2";
    spdxId = "LAL-1.2";
    free = true;
    redistributable = true;
  };
  lal13 = {
    fullName = "Licence Art Libre 1.3";
    spdxId = "LAL-1.3";
    free = true;
    redistributable = true;
  };
  lens = {
    fullName = "Lens Terms of Service Agreement";
    free = false;
    redistributable = false;
  };
  lgpl2 = {
    fullName = "GNU Library General Public License v2";
    spdxId = "LGPL-2.0";
    free = true;
    redistributable = true;
  };
  lgpl21 = {
    fullName = "GNU Lesser General Public License v2.1";
    spdxId = "LGPL-2.1";
    free = true;
    redistributable = true;
  };
  lgpl21Only = {
    fullName = "GNU Lesser General Public License v2.1 only";
    spdxId = "LGPL-2.1-only";
    free = true;
    redistributable = true;
  };
  lgpl21Plus = {
    fullName = "GNU Lesser General Public License v2.1 or later";
    spdxId = "LGPL-2.1-or-later";
    free = true;
    redistributable = true;
  };
  lgpl2Only = {
    fullName = "GNU Library General Public License v2 only";
    spdxId = "LGPL-2.0-only";
    free = true;
    redistributable = true;
  };
  lgpl2Plus = {
    fullName = "GNU Library General Public License v2 or later";
    spdxId = "LGPL-2.0-or-later";
    free = true;
    redistributable = true;
  };
  lgpl3 = {
    fullName = "GNU Lesser General Public License v3.0";
    spdxId = "LGPL-3.0";
    free = true;
    redistributable = true;
  };
  lgpl3Only = {
    fullName = "GNU Lesser General Public License v3.0 only";
    spdxId = "LGPL-3.0-only";
    free = true;
    redistributable = true;
  };
  lgpl3Plus = {
    fullName = "GNU Lesser General Public License v3.0 or later";
    spdxId = "LGPL-3.0-or-later";
    free = true;
    redistributable = true;
  };
  lgpllr = {
    fullName = "Lesser General Public License For Linguistic Resources";
    spdxId = "LGPLLR";
    free = true;
    redistributable = true;
  };
  libpng = {
    fullName = "libpng License";
    spdxId = "Libpng";
    free = true;
    redistributable = true;
  };
  libpng2 = {
    fullName = "PNG Reference Library version 2";
    spdxId = "libpng-2.0";
    free = true;
    redistributable = true;
  };
  libtiff = {
    fullName = "libtiff License";
    spdxId = "libtiff";
    free = true;
    redistributable = true;
  };
  liliq-p-11 = {
    fullName = "Licence Libre du Québec – Permissive version 1.1";
    spdxId = "LiLiQ-P-1.1";
    free = true;
    redistributable = true;
  };
  llgpl21 = {
    fullName = "Lisp LGPL; GNU Lesser General Public License version 2.1 with Franz Inc. preamble for clarification of LGPL terms in context of Lisp";
    free = true;
    redistributable = true;
  };
  llvm-exception = {
    fullName = "LLVM Exception";
    spdxId = "LLVM-exception";
    free = true;
    redistributable = true;
  };
  lpl-102 = {
    fullName = "Lucent Public License v1.02";
    spdxId = "LPL-1.02";
    free = true;
    redistributable = true;
  };
  lppl1 = {
    fullName = "LaTeX Project Public License v1.0";
    spdxId = "LPPL-1.0";
    free = true;
    redistributable = true;
  };
  lppl12 = {
    fullName = "LaTeX Project Public License v1.2";
    spdxId = "LPPL-1.2";
    free = true;
    redistributable = true;
  };
  lppl13a = {
    fullName = "LaTeX Project Public License v1.3a";
    spdxId = "LPPL-1.3a";
    free = true;
    redistributable = true;
  };
  lppl13c = {
    fullName = "LaTeX Project Public License v1.3c";
    spdxId = "LPPL-1.3c";
    free = true;
    redistributable = true;
  };
  lsof = {
    fullName = "lsof License";
    spdxId = "lsof";
    free = true;
    redistributable = true;
  };
  miros = {
    fullName = "MirOS License";
    spdxId = "MirOS";
    free = true;
    redistributable = true;
  };
  mit = {
    fullName = "MIT License";
    spdxId = "MIT";
    free = true;
    redistributable = true;
  };
  mit-click = {
    fullName = "MIT Click License";
    spdxId = "MIT-Click";
    free = true;
    redistributable = true;
  };
  mit-cmu = {
    fullName = "CMU License";
    spdxId = "MIT-CMU";
    free = true;
    redistributable = true;
  };
  mit-enna = {
    fullName = "enna License";
    spdxId = "MIT-enna";
    free = true;
    redistributable = true;
  };
  mit-feh = {
    fullName = "feh License";
    spdxId = "MIT-feh";
    free = true;
    redistributable = true;
  };
  mit-modern = {
    fullName = "MIT License Modern Variant";
    spdxId = "MIT-Modern-Variant";
    free = true;
    redistributable = true;
  };
  mit0 = {
    fullName = "MIT No Attribution";
    spdxId = "MIT-0";
    free = true;
    redistributable = true;
  };
  mitAdvertising = {
    fullName = "Enlightenment License (e16)";
    spdxId = "MIT-advertising";
    free = true;
    redistributable = true;
  };
  mitOpenGroup = {
    fullName = "MIT Open Group variant";
    spdxId = "MIT-open-group";
    free = true;
    redistributable = true;
  };
  mpich2 = {
    fullName = "mpich2 License";
    spdxId = "mpich2";
    free = true;
    redistributable = true;
  };
  mpl10 = {
    fullName = "Mozilla Public License 1.0";
    spdxId = "MPL-1.0";
    free = true;
    redistributable = true;
  };
  mpl11 = {
    fullName = "Mozilla Public License 1.1";
    spdxId = "MPL-1.1";
    free = true;
    redistributable = true;
  };
  mpl20 = {
    fullName = "Mozilla Public License 2.0";
    spdxId = "MPL-2.0";
    free = true;
    redistributable = true;
  };
  mplus = {
    fullName = "M+ Font License";
    spdxId = "mplus";
    free = true;
    redistributable = true;
  };
  mspl = {
    fullName = "Microsoft Public License";
    spdxId = "MS-PL";
    free = true;
    redistributable = true;
  };
  mulan-psl2 = {
    fullName = "Mulan Permissive Software License, Version 2";
    spdxId = "MulanPSL-2.0";
    free = true;
    redistributable = true;
  };
  naist-2003 = {
    fullName = "Nara Institute of Science and Technology License (2003)";
    spdxId = "NAIST-2003";
    free = true;
    redistributable = true;
  };
  nasa13 = {
    fullName = "NASA Open Source Agreement 1.3";
    spdxId = "NASA-1.3";
    free = false;
    redistributable = false;
  };
  ncbiPd = {
    fullName = "NCBI Public Domain Notice";
    spdxId = "NCBI-PD";
    free = false;
    redistributable = false;
  };
  ncsa = {
    fullName = "University of Illinois/NCSA Open Source License";
    spdxId = "NCSA";
    free = true;
    redistributable = true;
  };
  ncul1 = {
    fullName = "Netdata Cloud UI License v1.0";
    spdxId = "NCUL1";
    free = false;
    redistributable = true;
  };
  netboxLimitedUse = {
    fullName = "NetBox Limited Use License 1.0";
    free = false;
    redistributable = false;
  };
  ngpl = {
    fullName = "Nethack General Public License";
    spdxId = "NGPL";
    free = true;
    redistributable = true;
  };
  ngrep = {
    fullName = "ngrep License";
    spdxId = "ngrep";
    free = true;
    redistributable = true;
  };
  nistSoftware = {
    fullName = "NIST Software License";
    spdxId = "NIST-Software";
    free = true;
    redistributable = true;
  };
  nlpl = {
    fullName = "No Limit Public License";
    spdxId = "NLPL";
    free = true;
    redistributable = true;
  };
  nposl3 = {
    fullName = "Non-Profit Open Software License 3.0";
    spdxId = "NPOSL-3.0";
    free = true;
    redistributable = true;
  };
  ntp = {
    fullName = "NTP License";
    spdxId = "NTP";
    free = true;
    redistributable = true;
  };
  nvidiaCuda = {
    fullName = "CUDA Toolkit End User License Agreement (EULA)";
    free = false;
    redistributable = false;
  };
  nvidiaCudaRedist = {
    fullName = "CUDA Toolkit End User License Agreement (EULA)";
    free = false;
    redistributable = true;
  };
  obsidian = {
    fullName = "Obsidian End User Agreement";
    free = false;
    redistributable = false;
  };
  ocamlLgplLinkingException = {
    fullName = "OCaml LGPL Linking Exception";
    spdxId = "OCaml-LGPL-linking-exception";
    free = true;
    redistributable = true;
  };
  ocamlpro_nc = {
    fullName = "OCamlPro Non Commercial license version 1";
    free = false;
    redistributable = false;
  };
  odbl = {
    fullName = "Open Data Commons Open Database License v1.0";
    spdxId = "ODbL-1.0";
    free = true;
    redistributable = true;
  };
  ofl = {
    fullName = "SIL Open Font License 1.1";
    spdxId = "OFL-1.1";
    free = true;
    redistributable = true;
  };
  oml = {
    fullName = "Open Market License";
    spdxId = "OML";
    free = true;
    redistributable = true;
  };
  openldap = {
    fullName = "Open LDAP Public License v2.8";
    spdxId = "OLDAP-2.8";
    free = true;
    redistributable = true;
  };
  openssl = {
    fullName = "OpenSSL License";
    spdxId = "OpenSSL";
    free = true;
    redistributable = true;
  };
  opubl = {
    fullName = "Open Publication License v1.0";
    spdxId = "OPUBL-1.0";
    free = true;
    redistributable = true;
  };
  osl2 = {
    fullName = "Open Software License 2.0";
    spdxId = "OSL-2.0";
    free = true;
    redistributable = true;
  };
  osl21 = {
    fullName = "Open Software License 2.1";
    spdxId = "OSL-2.1";
    free = true;
    redistributable = true;
  };
  osl3 = {
    fullName = "Open Software License 3.0";
    spdxId = "OSL-3.0";
    free = true;
    redistributable = true;
  };
  paratype = {
    fullName = "ParaType Free Font Licensing Agreement v1.3";
    spdxId = "ParaType-Free-Font-1.3";
    free = true;
    redistributable = true;
  };
  parity70 = {
    fullName = "Parity Public License 7.0.0";
    spdxId = "Parity-7.0.0";
    free = true;
    redistributable = true;
  };
  php301 = {
    fullName = "PHP License v3.01";
    spdxId = "PHP-3.01";
    free = true;
    redistributable = true;
  };
  postgresql = {
    fullName = "PostgreSQL License";
    spdxId = "PostgreSQL";
    free = true;
    redistributable = true;
  };
  postman = {
    fullName = "Postman EULA";
    free = false;
    redistributable = false;
  };
  prosperity30 = {
    fullName = "Prosperity-3.0.0";
    free = false;
    redistributable = false;
  };
  psfl = {
    fullName = "Python Software Foundation License version 2";
    spdxId = "Python-2.0";
    free = true;
    redistributable = true;
  };
  publicDomain = {
    fullName = "Public Domain";
    free = true;
    redistributable = true;
  };
  qhull = {
    fullName = "Qhull License";
    spdxId = "Qhull";
    free = true;
    redistributable = true;
  };
  qpl = {
    fullName = "Q Public License 1.0";
    spdxId = "QPL-1.0";
    free = true;
    redistributable = true;
  };
  qwtException = {
    fullName = "Qwt exception 1.0";
    spdxId = "Qwt-exception-1.0";
    free = true;
    redistributable = true;
  };
  reticulum = {
    fullName = "Reticulum License";
    free = false;
    redistributable = false;
  };
  ruby = {
    fullName = "Ruby License";
    spdxId = "Ruby";
    free = true;
    redistributable = true;
  };
  sendmail = {
    fullName = "Sendmail License";
    spdxId = "Sendmail";
    free = true;
    redistributable = true;
  };
  sfl = {
    fullName = "Source First License 1.1";
    free = false;
    redistributable = true;
  };
  sgi-b-20 = {
    fullName = "SGI Free Software License B v2.0";
    spdxId = "SGI-B-2.0";
    free = true;
    redistributable = true;
  };
  sgmlug = {
    fullName = "SGMLUG Parser Materials License";
    spdxId = "SGMLUG-PM";
    free = true;
    redistributable = true;
  };
  sissl11 = {
    fullName = "Sun Industry Standards Source License 1.1";
    spdxId = "SISSL";
    free = true;
    redistributable = true;
  };
  sleepycat = {
    fullName = "Sleepycat License";
    spdxId = "Sleepycat";
    free = true;
    redistributable = true;
  };
  smail = {
    fullName = "SMAIL General Public License";
    spdxId = "SMAIL-GPL";
    free = true;
    redistributable = true;
  };
  smlnj = {
    fullName = "Standard ML of New Jersey License";
    spdxId = "SMLNJ";
    free = true;
    redistributable = true;
  };
  sspl = {
    fullName = "Server Side Public License";
    spdxId = "SSPL-1.0";
    free = false;
    redistributable = true;
  };
  stk = {
    fullName = "MIT-STK License";
    spdxId = "MIT-STK";
    free = true;
    redistributable = true;
  };
  sudo = {
    fullName = "Sudo License (ISC-style)";
    free = true;
    redistributable = true;
  };
  sustainableUse = {
    fullName = "Sustainable Use License";
    spdxId = "SUL-1.0";
    free = false;
    redistributable = false;
  };
  tcltk = {
    fullName = "TCL/TK License";
    spdxId = "TCL";
    free = true;
    redistributable = true;
  };
  tcpWrappers = {
    fullName = "TCP Wrappers License";
    spdxId = "TCP-wrappers";
    free = true;
    redistributable = true;
  };
  teamspeak = {
    fullName = "Teamspeak client license";
    free = false;
    redistributable = true;
  };
  tekHvcLicense = {
    fullName = "TekHVC License";
    spdxId = "TekHVC";
    free = true;
    redistributable = true;
  };
  torque11 = {
    fullName = "TORQUE v2.5+ Software License v1.1";
    spdxId = "TORQUE-1.1";
    free = true;
    redistributable = true;
  };
  tost = {
    fullName = "Tomorrow Open Source Technology License 1.0";
    spdxId = "Pixar";
    free = true;
    redistributable = true;
  };
  tsl = {
    fullName = "Timescale License Agreement";
    free = false;
    redistributable = false;
  };
  ubdlException = {
    fullName = "Unmodified Binary Distribution exception";
    spdxId = "UBDL-exception";
    free = true;
    redistributable = true;
  };
  ucd = {
    fullName = "Unicode Character Database License";
    free = true;
    redistributable = true;
  };
  ufl = {
    fullName = "Ubuntu Font License 1.0";
    spdxId = "Ubuntu-font-1.0";
    free = true;
    redistributable = true;
  };
  unfree = {
    fullName = "Unfree";
    free = false;
    redistributable = false;
  };
  unfreeRedistributable = {
    fullName = "Unfree redistributable";
    free = false;
    redistributable = true;
  };
  unfreeRedistributableFirmware = {
    fullName = "Unfree redistributable firmware";
    free = true;
    redistributable = true;
  };
  unicode-30 = {
    fullName = "Unicode License v3";
    spdxId = "Unicode-3.0";
    free = true;
    redistributable = true;
  };
  unicode-dfs-2015 = {
    fullName = "Unicode License Agreement - Data Files and Software (2015)";
    spdxId = "Unicode-DFS-2015";
    free = true;
    redistributable = true;
  };
  unicode-dfs-2016 = {
    fullName = "Unicode License Agreement - Data Files and Software (2016)";
    spdxId = "Unicode-DFS-2016";
    free = true;
    redistributable = true;
  };
  unicodeTOU = {
    fullName = "Unicode Terms of Use";
    spdxId = "Unicode-TOU";
    free = true;
    redistributable = true;
  };
  universalFOSSException-10 = {
    fullName = "Universal FOSS Exception, Version 1.0";
    spdxId = "Universal-FOSS-exception-1.0";
    free = true;
    redistributable = true;
  };
  unlicense = {
    fullName = "The Unlicense";
    spdxId = "Unlicense";
    free = true;
    redistributable = true;
  };
  upl = {
    fullName = "Universal Permissive License";
    spdxId = "UPL-1.0";
    free = true;
    redistributable = true;
  };
  vim = {
    fullName = "Vim License";
    spdxId = "Vim";
    free = true;
    redistributable = true;
  };
  virtualbox-puel = {
    fullName = "Oracle VM VirtualBox Extension Pack Personal Use and Evaluation License (PUEL)";
    free = false;
    redistributable = false;
  };
  vol-sl = {
    fullName = "Volatility Software License, Version 1.0";
    free = true;
    redistributable = true;
  };
  vsl10 = {
    fullName = "Vovida Software License v1.0";
    spdxId = "VSL-1.0";
    free = true;
    redistributable = true;
  };
  w3c = {
    fullName = "W3C Software Notice and License";
    spdxId = "W3C";
    free = true;
    redistributable = true;
  };
  w3c-19980720 = {
    fullName = "W3C Software Notice and License (1998-07-20)";
    spdxId = "W3C-19980720";
    free = true;
    redistributable = true;
  };
  wadalab = {
    fullName = "Wadalab Font License";
    free = true;
    redistributable = true;
  };
  watcom = {
    fullName = "Sybase Open Watcom Public License 1.0";
    spdxId = "Watcom-1.0";
    free = false;
    redistributable = true;
  };
  wordnet = {
    fullName = "WordNet License";
    spdxId = "WordNet";
    free = true;
    redistributable = true;
  };
  wtfpl = {
    fullName = "Do What The F*ck You Want To Public License";
    spdxId = "WTFPL";
    free = true;
    redistributable = true;
  };
  wxWindowsException31 = {
    fullName = "wxWindows Library Licence, Version 3.1";
    spdxId = "WxWindows-exception-3.1";
    free = true;
    redistributable = true;
  };
  x11 = {
    fullName = "X11 License";
    spdxId = "X11";
    free = true;
    redistributable = true;
  };
  x11BsdClause = {
    fullName = "X11 License with third BSD clause";
    free = true;
    redistributable = true;
  };
  x11NoPermitPersons = {
    fullName = "X11 no permit persons clause";
    spdxId = "X11-no-permit-persons";
    free = true;
    redistributable = true;
  };
  xerox = {
    fullName = "Xerox License";
    spdxId = "Xerox";
    free = true;
    redistributable = true;
  };
  xfig = {
    fullName = "xfig";
    spdxId = "Xfig";
    free = true;
    redistributable = true;
  };
  xinetd = {
    fullName = "xinetd License";
    spdxId = "xinetd";
    free = true;
    redistributable = true;
  };
  xskat = {
    fullName = "XSkat License";
    spdxId = "XSkat";
    free = true;
    redistributable = true;
  };
  zlib = {
    fullName = "zlib License";
    spdxId = "Zlib";
    free = true;
    redistributable = true;
  };
  zpl20 = {
    fullName = "Zope Public License 2.0";
    spdxId = "ZPL-2.0";
    free = true;
    redistributable = true;
  };
  zpl21 = {
    fullName = "Zope Public License 2.1";
    spdxId = "ZPL-2.1";
    free = true;
    redistributable = true;
  };
}
